using System.Net;
using System.Text;
using EksIr.Core.Reporting;
using EksIr.Logs.Sql;

namespace EksIr.Kernel.Formatting;

/// <summary>Query results: a table sortable by clicking a header (a few lines of inline script, nothing fetched), the
/// row count and what was read, and the skipped files or records folded under it.</summary>
public static class LogFormatters
{
    /// <summary>Makes the table just before it sortable by clicking a header.</summary>
    public const string SortScript =
        "<script>(function(t){t.querySelectorAll('th').forEach(function(h,i){h.style.cursor='pointer';h.title='sort';h.onclick=function(){" +
        "var b=t.tBodies[0],r=Array.from(b.rows),d=h.dataset.d==='a'?'d':'a';h.dataset.d=d;r.sort(function(x,y){" +
        "var p=x.cells[i].textContent,q=y.cells[i].textContent,m=parseFloat(p),n=parseFloat(q);" +
        "var c=(!isNaN(m)&&!isNaN(n)&&String(m)===p.trim()&&String(n)===q.trim())?m-n:p.localeCompare(q);return d==='a'?c:-c;});" +
        "r.forEach(function(x){b.appendChild(x);});};});})(document.currentScript.previousElementSibling);</script>";

    public static void Register() =>
        Formats.Register<QueryResult>(Html, Text);

    private static string Html(QueryResult r)
    {
        var html = new StringBuilder();
        if (QueryViews.TimeSeries(r) is { } series)
        {
            html.Append("<div>").Append(SvgTimeChart.Render(series, r.Columns[^1].Name)).Append("</div>");
        }

        html.Append(HtmlTable.Render(QueryViews.Headers(r), QueryViews.Rows(r), "eksir-table eksir-sortable")).Append(SortScript);
        html.Append($"<p class=\"eksir-note\">{Core.Reporting.Counted.Of(r.Rows.Count, "row")}; {WebUtility.HtmlEncode(r.Scan.Summary)}</p>");
        if (r.Scan.Skipped.Count > 0)
        {
            html.Append($"<details><summary>{r.Scan.Skipped.Count} skipped or repaired</summary><ul>");
            foreach (var p in r.Scan.Skipped)
            {
                html.Append("<li>").Append(WebUtility.HtmlEncode(p.ToString())).Append("</li>");
            }

            html.Append("</ul></details>");
        }

        return html.ToString();
    }

    private static string Text(QueryResult r) =>
        TextTable.Render(QueryViews.Headers(r), QueryViews.Rows(r)) + $"\n{Core.Reporting.Counted.Of(r.Rows.Count, "row")}; {r.Scan.Summary}\n"
        + string.Concat(r.Scan.Skipped.Select(p => $"warning: {p}\n"));
}
