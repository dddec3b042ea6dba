using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace EksIr.NotebookRunner;

/// <summary>
/// The Markdown that playbooks use, as HTML: ATX headings, paragraphs, bullet and numbered lists, block quotes,
/// fenced code, pipe tables, horizontal rules, and inline code, bold, italic and links. Everything is
/// HTML-encoded first; links keep only http(s), mailto and relative targets.
/// </summary>
public static partial class MarkdownHtml
{
    public static string Render(string markdown)
    {
        var html = new StringBuilder();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                i++;
            }
            else if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                var code = new List<string>();
                i++;
                while (i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    code.Add(lines[i++]);
                }

                i++;
                html.Append("<pre><code>").Append(WebUtility.HtmlEncode(string.Join("\n", code))).Append("</code></pre>\n");
            }
            else if (Heading().Match(line) is { Success: true } h)
            {
                var level = h.Groups[1].Value.Length;
                html.Append($"<h{level}>").Append(Inline(h.Groups[2].Value.TrimEnd('#', ' '))).Append($"</h{level}>\n");
                i++;
            }
            else if (Rule().IsMatch(line))
            {
                html.Append("<hr>\n");
                i++;
            }
            else if (line.TrimStart().StartsWith('>'))
            {
                var quote = new List<string>();
                while (i < lines.Length && lines[i].TrimStart().StartsWith('>'))
                {
                    quote.Add(lines[i++].TrimStart()[1..].TrimStart());
                }

                html.Append("<blockquote>").Append(Render(string.Join("\n", quote))).Append("</blockquote>\n");
            }
            else if (ListItem().IsMatch(line))
            {
                var ordered = char.IsDigit(ListItem().Match(line).Groups[1].Value[0]);
                html.Append(ordered ? "<ol>\n" : "<ul>\n");
                while (i < lines.Length && ListItem().Match(lines[i]) is { Success: true } item)
                {
                    var text = new StringBuilder(item.Groups[2].Value);
                    i++;
                    while (i < lines.Length && lines[i].StartsWith("  ", StringComparison.Ordinal) && !ListItem().IsMatch(lines[i]))
                    {
                        text.Append(' ').Append(lines[i++].Trim());
                    }

                    html.Append("<li>").Append(Inline(text.ToString())).Append("</li>\n");
                }

                html.Append(ordered ? "</ol>\n" : "</ul>\n");
            }
            else if (line.TrimStart().StartsWith('|') && i + 1 < lines.Length && TableRule().IsMatch(lines[i + 1]))
            {
                html.Append("<table><thead><tr>");
                foreach (var cell in Cells(line))
                {
                    html.Append("<th>").Append(Inline(cell)).Append("</th>");
                }

                html.Append("</tr></thead><tbody>\n");
                i += 2;
                while (i < lines.Length && lines[i].TrimStart().StartsWith('|'))
                {
                    html.Append("<tr>");
                    foreach (var cell in Cells(lines[i++]))
                    {
                        html.Append("<td>").Append(Inline(cell)).Append("</td>");
                    }

                    html.Append("</tr>\n");
                }

                html.Append("</tbody></table>\n");
            }
            else
            {
                var paragraph = new List<string>();
                while (i < lines.Length && !string.IsNullOrWhiteSpace(lines[i]) && !StartsBlock(lines[i]))
                {
                    paragraph.Add(lines[i++].Trim());
                }

                if (paragraph.Count == 0)
                {
                    paragraph.Add(lines[i++].Trim());
                }

                html.Append("<p>").Append(Inline(string.Join("\n", paragraph))).Append("</p>\n");
            }
        }

        return html.ToString();
    }

    private static bool StartsBlock(string line) =>
        Heading().IsMatch(line) || ListItem().IsMatch(line) || line.TrimStart().StartsWith("```", StringComparison.Ordinal)
        || line.TrimStart().StartsWith('>') || Rule().IsMatch(line);

    private static IEnumerable<string> Cells(string row) =>
        row.Trim().Trim('|').Split('|').Select(c => c.Trim());

    /// <summary>
    /// Inline spans: code spans first (their content is literal) are set aside, then links, bold and italic are found
    /// over the whole paragraph — so emphasis may hold a code span or run across a line break — and the code put back.
    /// </summary>
    public static string Inline(string text)
    {
        var codes = new List<string>();
        var marked = InlineCode().Replace(text.Replace(CodeStart, ' ').Replace(CodeEnd, ' '), m =>
        {
            codes.Add(m.Groups[1].Value);
            return $"{CodeStart}{codes.Count - 1}{CodeEnd}";
        });

        var s = WebUtility.HtmlEncode(marked);
        s = Link().Replace(s, m =>
        {
            var target = WebUtility.HtmlDecode(m.Groups[2].Value);
            return SafeTarget(target)
                ? $"<a href=\"{WebUtility.HtmlEncode(target)}\">{m.Groups[1].Value}</a>"
                : m.Groups[1].Value;
        });
        s = Bold().Replace(s, "<strong>$1</strong>");
        s = Italic().Replace(s, "<em>$1</em>");
        s = s.Replace("\n", " ");
        return CodePlace().Replace(s, m => "<code>" + WebUtility.HtmlEncode(codes[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]) + "</code>");
    }

    /// <summary>Marks where a code span was set aside (private-use characters, taken out of the text first).</summary>
    private const char CodeStart = '\uE000';
    private const char CodeEnd = '\uE001';

    [GeneratedRegex("\uE000(\\d+)\uE001")]
    private static partial Regex CodePlace();

    private static bool SafeTarget(string target) =>
        target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || target.StartsWith('#')
        || !target.Contains(':');

    [GeneratedRegex(@"^\s{0,3}(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s{0,3}([-*_])(\s*\1){2,}\s*$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")]
    private static partial Regex TableRule();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*\*(.+?)\*\*", RegexOptions.Singleline)]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", RegexOptions.Singleline)]
    private static partial Regex Italic();
}
