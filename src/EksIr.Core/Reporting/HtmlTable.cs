using System.Net;
using System.Text;

namespace EksIr.Core.Reporting;

/// <summary>A plain HTML table over text cells; every cell is HTML-encoded (evidence text is hostile).</summary>
public static class HtmlTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string? cssClass = "eksir-table")
    {
        var html = new StringBuilder();
        html.Append(cssClass is null ? "<table>" : $"<table class=\"{cssClass}\">");
        html.Append("<thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(WebUtility.HtmlEncode(cell ?? "")).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        return html.ToString();
    }
}
