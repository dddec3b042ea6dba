using EksIr.NotebookRunner;

namespace EksIr.NotebookRunner.Tests;

public sealed class MarkdownHtmlTests
{
    [Fact]
    public void Headings_lists_code_tables_and_inline_spans_render()
    {
        var html = MarkdownHtml.Render("""
            # Title
            Some **bold**, *italic* and `#!case open` text
            continued [docs](https://example.org/x).

            - one
            - two

            1. first

            ```
            kubectl get pods -A
            ```

            | a | b |
            |---|---|
            | 1 | `2` |
            """);

        Assert.Contains("<h1>Title</h1>", html);
        Assert.Contains("<p>Some <strong>bold</strong>, <em>italic</em> and <code>#!case open</code> text continued <a href=\"https://example.org/x\">docs</a>.</p>", html);
        Assert.Contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>", html);
        Assert.Contains("<ol>\n<li>first</li>\n</ol>", html);
        Assert.Contains("<pre><code>kubectl get pods -A</code></pre>", html);
        Assert.Contains("<th>a</th><th>b</th>", html);
        Assert.Contains("<td><code>2</code></td>", html);
    }

    [Fact]
    public void Emphasis_holds_code_spans_and_runs_across_line_breaks_and_code_stays_literal()
    {
        // CommonMark: emphasis may contain code spans and span a soft line break; a code span's content is literal.
        var html = MarkdownHtml.Render("**Run `#!case open` first**, then *read the\njournal* and keep `**not bold**` as typed; a stray \uE0000\uE001 stays text.\n");

        Assert.Contains("<strong>Run <code>#!case open</code> first</strong>", html);
        Assert.Contains("<em>read the journal</em>", html);
        Assert.Contains("<code>**not bold**</code>", html);
        Assert.DoesNotContain("**", html.Replace("<code>**not bold**</code>", "", StringComparison.Ordinal));
        Assert.Contains("a stray  0  stays text", html);
    }

    [Fact]
    public void Markup_and_script_links_in_markdown_are_neutralised()
    {
        var html = MarkdownHtml.Render("<script>alert(1)</script> [x](javascript:alert(1)) `<b>`");

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<code>&lt;b&gt;</code>", html);
    }
}
