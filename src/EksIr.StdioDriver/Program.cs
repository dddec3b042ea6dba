using System.Globalization;
using EksIr.NotebookRunner;
using EksIr.StdioDriver;

// eksir-stdio NOTEBOOK [--cell-timeout SECONDS] [--tool PATH]
// Runs every code cell of the notebook, in order, through `dotnet-interactive stdio` as VS Code Polyglot Notebooks
// does: exit 0 when every cell succeeded; 1 naming the first cell that failed, wrote an error or timed out; 2 when the
// notebook or the tool could not be used.
const string usage = "usage: eksir-stdio NOTEBOOK [--cell-timeout SECONDS] [--tool PATH]";
string? notebook = null;
var cellTimeout = TimeSpan.FromMinutes(15);
var tool = "dotnet-interactive";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--cell-timeout" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
            cellTimeout = TimeSpan.FromSeconds(seconds);
            i++;
            break;
        case "--tool" when i + 1 < args.Length:
            tool = args[++i];
            break;
        case var arg when notebook is null && !arg.StartsWith('-'):
            notebook = arg;
            break;
        default:
            Console.Error.WriteLine($"eksir-stdio: {args[i]}: not understood\n{usage}");
            return 2;
    }
}

if (notebook is null)
{
    Console.Error.WriteLine(usage);
    return 2;
}

Microsoft.DotNet.Interactive.Documents.InteractiveDocument document;
try
{
    document = NotebookExecutor.Read(notebook);
}
catch (NotebookRunException e)
{
    Console.Error.WriteLine("eksir-stdio: " + e.Message);
    return 2;
}

var defaultKernel = document.GetDefaultKernelName() ?? "csharp";
var cells = document.Elements.Select((e, i) => (Element: e, Number: i + 1)).Where(c => c.Element.KernelName != "markdown").ToArray();
StdioKernel kernel;
try
{
    kernel = await StdioKernel.StartAsync(tool, Path.GetDirectoryName(Path.GetFullPath(notebook))!, TimeSpan.FromMinutes(5), Console.Error);
}
catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
{
    Console.Error.WriteLine($"eksir-stdio: {notebook}: {e.Message}");
    return 2;
}

await using (kernel)
{
    for (var k = 0; k < cells.Length; k++)
    {
        var (cell, number) = cells[k];
        var kernelName = kernel.KernelNameFor(cell.KernelName ?? defaultKernel);
        var result = await kernel.SubmitCodeAsync(cell.Contents, kernelName, number - 1, cellTimeout);
        Console.Error.WriteLine($"eksir-stdio: {notebook}: cell {number} ({k + 1}/{cells.Length}, #!{kernelName}) {(result.Succeeded ? "ok" : "FAILED")} in {result.Elapsed.TotalSeconds:0.0}s");
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"eksir-stdio: {notebook}: cell {number} failed: {string.Join("; ", result.Errors)}");
            var text = result.Text.TrimEnd();
            if (text.Length > 0)
            {
                Console.Error.WriteLine(text.Length > 4000 ? "…" + text[^4000..] : text);
            }

            return 1;
        }
    }
}

Console.Error.WriteLine($"eksir-stdio: {notebook}: all {cells.Length} code cells succeeded over the stdio protocol");
return 0;
