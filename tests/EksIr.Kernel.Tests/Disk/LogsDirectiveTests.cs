using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Disk;

/// <summary>
/// #!logs on the sample incident: rows in time order with a File column naming the rotated or current file each came
/// from, and --tail N. Expected from the CRI files themselves (sysdiag/0.log holds "fetching … (attempt 1) ok" as partial
/// chunks from 06:23:31.538629890, with "connect: network is unreachable" at .550279626 written between them; the rotated
/// 0.log.20261120-091500.gz holds the two messages before).
/// </summary>
public sealed partial class LogsDirectiveTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Logs_rows_are_in_time_order_and_name_their_file()
    {
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-LOGS --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{_temp.Combine("journal.jsonl")}\"")).ShouldSucceed();

        var all = await kernel.SubmitCodeAsync("#!logs --container sysdiag");
        var two = await kernel.SubmitCodeAsync("#!logs --container sysdiag --tail 2");

        all.ShouldSucceed();
        var rows = Rows(all);
        Assert.Equal(["Time (UTC)", "File", "Stream", "Message"], rows[0]);
        Assert.Equal(
        [
            ["2026-11-29T06:23:31.516358356Z", "0.log.20261120-091500.gz", "stdout", "sysdiag agent 0.9 starting"],
            ["2026-11-29T06:23:31.524508813Z", "0.log.20261120-091500.gz", "stderr", "warning: running privileged"],
            ["2026-11-29T06:23:31.532467025Z", "0.log", "stdout", "sysdiag agent 1.0 starting"],
            ["2026-11-29T06:23:31.538629890Z", "0.log", "stdout", "fetching http://203.0.113.50/drop (attempt 1) ok"],
            ["2026-11-29T06:23:31.550279626Z", "0.log", "stderr", "connect: network is unreachable"],
        ], rows[1..6]);
        Assert.Equal(["2026-11-29T06:23:31.561954671Z", "0.log", "stdout"], rows[6][..3]);
        two.ShouldSucceed();
        Assert.Equal(rows[5..], Rows(two)[1..]);
    }

    /// <summary>The cells of the displayed table, header first.</summary>
    private static List<string[]> Rows(KernelCommandResult result)
    {
        var html = Assert.Single(result.Events.OfType<DisplayedValueProduced>().SelectMany(d => d.FormattedValues), v => v.MimeType == "text/html" && v.Value.Contains("<table", StringComparison.Ordinal)).Value;
        return [.. RowPattern().Matches(html).Select(r => CellPattern().Matches(r.Value).Select(c => System.Net.WebUtility.HtmlDecode(c.Groups[1].Value)).ToArray())];
    }

    [GeneratedRegex("<tr>.*?</tr>")]
    private static partial Regex RowPattern();

    [GeneratedRegex("<t[hd](?: class=\"n\")?>(.*?)</t[hd]>")]
    private static partial Regex CellPattern();
}
