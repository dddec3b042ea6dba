using EksIr.Core.Reporting;

namespace EksIr.Core.Tests.Reporting;

/// <summary>
/// Tables that fit a narrow page without breaking what must be read whole: a time, a source, an id stay on one line;
/// a long unbroken value may break anywhere; evidence text stays encoded.
/// </summary>
public sealed class HtmlTableTests
{
    [Fact]
    public void Times_sources_and_ids_stay_whole_and_long_values_may_break()
    {
        var hash = new string('e', 64);
        var html = HtmlTable.Render(["Time (UTC)", "Source", "Summary", "Hash"],
            [["2026-11-29T06:23:31.475692519Z", "control-plane", "exec into default/sysdiag <script>", hash]]);

        Assert.Contains("<td class=\"n\">2026-11-29T06:23:31.475692519Z</td>", html);
        Assert.Contains("<td class=\"n\">control-plane</td>", html);
        Assert.Contains("<td>exec into default/sysdiag &lt;script&gt;</td>", html);
        Assert.Contains($"<td>{hash}</td>", html);
        Assert.Contains("td.n,.eksir-summary td.n{white-space:nowrap", Styles.Table);
        Assert.Contains("overflow-wrap:anywhere", Styles.Table);
        Assert.DoesNotContain("word-break:break-word", Styles.Report);
    }

    [Fact]
    public void Headers_break_between_words_only_and_a_long_path_may_break_where_a_pod_name_stays_whole()
    {
        var html = HtmlTable.Render(["objectRef.namespace", "responseStatus.code", "Image", "Pod"],
            [["default", "201", "registry.example/sysdiag:1.0", "default/sysdiag"]]);

        Assert.Contains("<th>object<wbr>Ref.<wbr>namespace</th><th>response<wbr>Status.<wbr>code</th><th>Image</th>", html);
        Assert.Contains("<td>registry.example/sysdiag:1.0</td><td class=\"n\">default/sysdiag</td>", html);
        Assert.Contains(".eksir-table th{overflow-wrap:normal}", Styles.Table);
    }

    [Fact]
    public void One_line_rows_cut_long_cells_keep_the_last_column_whole_and_open_on_pointing()
    {
        var html = HtmlTable.Render(["Time (UTC)", "Summary", "Row"], [["2026-11-29T06:23:31Z", new string('x', 300), "audit:" + Guid.Empty]], "eksir-table " + Styles.OneLineRows);

        Assert.StartsWith("<table class=\"eksir-table eksir-oneline\">", html);
        Assert.Contains(".eksir-oneline td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis", Styles.Table);
        Assert.Contains(".eksir-oneline td:last-child{white-space:normal;overflow:visible;overflow-wrap:anywhere}", Styles.Table);
        Assert.Contains(".eksir-oneline tr:hover td{white-space:normal", Styles.Table);
        Assert.Contains(new string('x', 300), html); // cut on the screen only: the text is all there
    }
}
