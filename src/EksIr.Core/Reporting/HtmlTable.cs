using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace EksIr.Core.Reporting;

/// <summary>
/// A plain HTML table over text cells; every cell is HTML-encoded (evidence text is hostile). A short cell without
/// spaces (a time, a source, an id, a count) is kept on one line (class <c>n</c>), so a narrow page breaks the long
/// texts instead of a time mid-number or a source mid-word; a long unbroken value (a hash, a URL) may break anywhere
/// rather than push the table off the page (<see cref="Styles.Table"/>), and so may a path longer than
/// <see cref="KeptPathLength"/> (an image reference, a request URI: a pod's namespace/name stays whole). A header never
/// breaks inside a word: a field name (objectRef.namespace, responseStatus.code) may break after a dot and between the
/// words of its camel case.
/// </summary>
public static partial class HtmlTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string? cssClass = "eksir-table")
    {
        var html = new StringBuilder();
        html.Append(cssClass is null ? "<table>" : $"<table class=\"{cssClass}\">");
        html.Append("<thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(FieldNameBreaks().Replace(WebUtility.HtmlEncode(header), "$1<wbr>")).Append("</th>");
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

    public static bool KeptWhole(string? cell) =>
        cell is { Length: > 0 and <= KeptWholeLength } && !cell.Any(char.IsWhiteSpace) && !(cell.Length > KeptPathLength && cell.Contains('/'));

    /// <summary>Longest path kept on one line: a pod's namespace/name.</summary>
    public const int KeptPathLength = 20;

    [GeneratedRegex(@"([._](?=\w)|\p{Ll}(?=\p{Lu}))")]
    private static partial Regex FieldNameBreaks();
}
