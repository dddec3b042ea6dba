using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive.Documents;

namespace EksIr.NotebookRunner;

/// <summary>
/// An executed notebook as one self-contained HTML page that opens offline: inline CSS, markdown cells rendered,
/// code with execution counts, and each output in its richest mime type (HTML, SVG, PNG/JPEG as data URIs,
/// JSON and plain text as preformatted text, errors highlighted). Nothing is fetched from a network.
/// </summary>
public static class NotebookHtml
{
    private const string Css =
        "body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px auto;max-width:1200px;color:#1b1f23;padding:0 16px}" +
        ".cell{margin:14px 0}.code{display:flex}.prompt{width:70px;flex:none;color:#6a737d;font-family:monospace;font-size:12px;padding-top:8px}" +
        ".src{flex:1;background:#f6f8fa;border:1px solid #e1e4e8;border-radius:4px;padding:8px;overflow-x:auto;font-size:13px;margin:0}" +
        ".output{margin-left:70px;padding:4px 0;overflow-x:auto}.output pre{margin:0;font-size:13px;white-space:pre-wrap}" +
        ".stderr{background:#fff5f5}.error{background:#ffeef0;border-left:4px solid #d73a49;padding:6px}" +
        ".error pre{color:#86181d}.status{font-size:12px;color:#6a737d;margin-left:70px}" +
        "table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}";

    public static string Render(InteractiveDocument document, string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title)).Append("</title><style>").Append(Css).Append("</style></head><body>\n");
        foreach (var cell in document.Elements)
        {
            if (cell.KernelName == "markdown")
            {
                html.Append("<div class=\"cell markdown\">").Append(MarkdownHtml.Render(cell.Contents)).Append("</div>\n");
                continue;
            }

            var prompt = cell.ExecutionOrder > 0 ? $"[{cell.ExecutionOrder}]:" : "[ ]:";
            html.Append("<div class=\"cell\"><div class=\"code\"><div class=\"prompt\">").Append(prompt)
                .Append("</div><pre class=\"src\"><code>").Append(WebUtility.HtmlEncode(cell.Contents)).Append("</code></pre></div>\n");
            foreach (var output in cell.Outputs)
            {
                html.Append(Output(output)).Append('\n');
            }

            html.Append("</div>\n");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string Output(InteractiveDocumentOutputElement output) => output switch
    {
        TextElement text => $"<div class=\"output {(text.Name == "stderr" ? "stderr" : "stdout")}\"><pre>{WebUtility.HtmlEncode(text.Text)}</pre></div>",
        ErrorElement error => $"<div class=\"output error\"><pre>{WebUtility.HtmlEncode($"{error.ErrorName}: {error.ErrorValue}")}</pre></div>",
        DisplayElement display => $"<div class=\"output\">{Data(display.Data)}</div>",
        ReturnValueElement result => $"<div class=\"output\">{Data(result.Data)}</div>",
        _ => "",
    };

    private static string Data(IDictionary<string, object> data)
    {
        if (Get(data, "text/html") is { } html)
        {
            return html;
        }

        if (Get(data, "image/svg+xml") is { } svg)
        {
            return svg;
        }

        foreach (var image in new[] { "image/png", "image/jpeg", "image/gif" })
        {
            if (Get(data, image) is { } base64)
            {
                return $"<img src=\"data:{image};base64,{WebUtility.HtmlEncode(base64.Replace("\n", ""))}\">";
            }
        }

        if (Get(data, "text/markdown") is { } markdown)
        {
            return MarkdownHtml.Render(markdown);
        }

        var text = Get(data, "text/plain") ?? Get(data, "application/json") ?? data.Values.FirstOrDefault()?.ToString() ?? "";
        return $"<pre>{WebUtility.HtmlEncode(text)}</pre>";
    }

    private static string? Get(IDictionary<string, object> data, string mime) =>
        data.TryGetValue(mime, out var value) ? value switch
        {
            string s => s,
            IEnumerable<object> lines => string.Concat(lines),
            null => null,
            _ => value.ToString(),
        } : null;
}
