using System.Net;
using System.Text;

namespace EksIr.Core.Reporting;

/// <summary>
/// A plain HTML table over text cells; every cell is HTML-encoded (evidence text is hostile). A short cell without
/// spaces (a time, a source, an id, a count) is kept on one line (class <c>n</c>), so a narrow page breaks the long
/// texts instead of a time mid-number or a source mid-word; a long unbroken value (a hash, a URL) may break anywhere
/// rather than push the table off the page (<see cref="Styles.Table"/>).
/// </summary>
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
                html.Append(KeptWhole(cell) ? "<td class=\"n\">" : "<td>").Append(WebUtility.HtmlEncode(cell ?? "")).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        return html.ToString();
    }

    /// <summary>Longest cell kept on one line: an RFC 3339 time with nanoseconds is 30 characters.</summary>
    public const int KeptWholeLength = 40;

    public static bool KeptWhole(string? cell) => cell is { Length: > 0 and <= KeptWholeLength } && !cell.Any(char.IsWhiteSpace);
}
