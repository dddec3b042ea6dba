using EksIr.Cli.Tests.Support;
using EksIr.Core.Reporting;
using EksIr.Tests;

namespace EksIr.Cli.Tests.Run;

/// <summary>The check the playbook runs' pages go through, shown to fail where a person would see the fault.</summary>
public sealed class PageLayoutCheckTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_table_wider_than_its_scrolling_box_a_cut_row_id_and_a_header_broken_mid_word_are_found_and_a_table_that_fits_is_not()
    {
        var columns = Enumerable.Range(1, 12).Select(i => $"Column{i}").ToArray();
        var wide = HtmlTable.Render(columns, [[.. columns.Select(_ => "2026-11-29T06:23:30.972527172Z")]]); // kept whole: 12 times do not fit
        var page = _temp.Write("page.html",
            $"<html><head><style>{Styles.Table}.output{{overflow-x:auto}}</style></head><body>" +
            HtmlTable.Render(["Time (UTC)", "Pod"], [["2026-11-29T06:23:29Z", "default/sysdiag"]]) +
            $"<div class=\"output\">{wide}</div>" +
            "<table class=\"eksir-table eksir-oneline\" style=\"table-layout:fixed;width:300px\"><thead><tr><th>Time (UTC)</th><th>Row</th></tr></thead>" +
            "<tbody><tr><td>2026-11-29T06:23:29Z</td><td style=\"white-space:nowrap;overflow:hidden\">audit:4b1a674c-cf9f-4930-8b8b-ca77f13b3fe1</td></tr></tbody></table>" +
            "<table class=\"eksir-table\"><tr><th>When</th></tr><tr><td>2026-12-02 19:17:15Z</td></tr></table>" +
            "<table class=\"eksir-table\"><tr><th style=\"overflow-wrap:anywhere;width:2em\">Runtime</th></tr></table></body></html>");

        var problems = await PageLayout.ProblemsAsync("layout-check-sample", page);

        Assert.Contains(problems, p => p.StartsWith("layout-check-sample at 1000 px: table 2 (Column1 Column2 ", StringComparison.Ordinal) && p.Contains("column 12 \"Column12\" hidden by the scrolling box <div class=\"output\">", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("layout-check-sample at 1400 px: table 2 ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("table 3 (Time (UTC) Row): 1 cells out of sight, first row 1 column 2 \"audit:4b1a674c-cf9f-4930-8b8b-ca77f13b3fe1\" does not fit its column", StringComparison.Ordinal));
        Assert.Contains("layout-check-sample at 1000 px: a date-time not in RFC 3339 UTC: \"2026-12-02 19:17:15Z\"", problems);
        Assert.Contains("layout-check-sample at 1400 px: table 5 (Runtime): column 1 \"Runtime\" broken inside the word \"Runtime\"", problems);
        Assert.DoesNotContain(problems, p => p.Contains("table 1 ", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(PageLayout.ScreenshotFolder, "layout-check-sample-1400.png")));
    }

    [Theory]
    [InlineData("2026-11-29T06:23:29Z")]
    [InlineData("2026-11-29T06:23:29.902Z")]
    [InlineData("2026-11-29T06:23:30.972527172Z")]
    [InlineData("control-plane:authenticator-21c9:2026-11-29T06:21:55Z:c7f48f49dfb6a0cc")]
    [InlineData("06:20")] // a chart tick: a time of day under a caption giving the UTC range
    [InlineData("WHERE date_partition = '2026/11/29'")]
    public void RFC_3339_UTC_times_and_what_is_no_date_time_pass(string text) => Assert.Empty(TimeFormatCheck.OtherFormats(text));

    [Theory]
    [InlineData("Time = 12/02/2026 19:17:15 +00:00", "12/02/2026 19:17")] // .NET's default DateTimeOffset.ToString
    [InlineData("created 2026-12-02 19:17:15Z", "2026-12-02 19:17:15Z")]
    [InlineData("2026-11-29 06:23", "2026-11-29 06:23")]
    [InlineData("at 2026-11-29T06:23:29 on the node", "2026-11-29T06:23:29")]
    [InlineData("2026-11-29T06:23:29+00:00", "2026-11-29T06:23:29+00:00")]
    [InlineData("EnqueueTime: 2026-11-28 21:05:40.001187342 +0000 UTC m=+4", "2026-11-28 21:05:40.001187342 +0000")] // Go's time.String
    [InlineData("Nov 29 06:23:29 ip-192-168-23-107 kernel:", "Nov 29 06:23")] // syslog
    public void Other_date_time_forms_are_found(string text, string found) => Assert.Equal([found], TimeFormatCheck.OtherFormats(text));
}
