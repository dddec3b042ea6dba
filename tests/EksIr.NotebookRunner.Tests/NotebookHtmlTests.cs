using EksIr.NotebookRunner;
using Microsoft.DotNet.Interactive.Documents;

namespace EksIr.NotebookRunner.Tests;

public sealed class NotebookHtmlTests
{
    [Fact]
    public void An_executed_notebook_renders_as_one_offline_page_with_each_output_in_its_richest_form()
    {
        var code = new InteractiveDocumentElement("#!case status", "csharp") { ExecutionOrder = 3 };
        code.Outputs.Add(new DisplayElement(new Dictionary<string, object> { ["text/html"] = "<table><tr><td>INC-1</td></tr></table>", ["text/plain"] = "INC-1" }));
        code.Outputs.Add(new TextElement("progress <1/2>\n", "stderr"));
        code.Outputs.Add(new ErrorElement("no case is open", "CaseException"));
        var image = new InteractiveDocumentElement("chart", "csharp") { ExecutionOrder = 4 };
        image.Outputs.Add(new DisplayElement(new Dictionary<string, object> { ["image/png"] = "iVBORw0KGgo=" }));
        var document = new InteractiveDocument([new InteractiveDocumentElement("## Phase <1>", "markdown"), code, image]);

        var html = NotebookHtml.Render(document, "INC-1 <walkthrough>");

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>INC-1 &lt;walkthrough&gt;</title>", html);
        Assert.Contains("<h2>Phase &lt;1&gt;</h2>", html);
        Assert.Contains("[3]:", html);
        Assert.Contains("<table><tr><td>INC-1</td></tr></table>", html);
        Assert.DoesNotContain(">INC-1</pre>", html);
        Assert.Contains("progress &lt;1/2&gt;", html);
        Assert.Contains("CaseException: no case is open", html);
        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
    }
}
