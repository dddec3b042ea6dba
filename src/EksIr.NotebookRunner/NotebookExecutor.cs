using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;

namespace EksIr.NotebookRunner;

/// <summary>
/// Runs a notebook headless, papermill-style: reads the .ipynb, injects parameters after the cell tagged
/// <c>parameters</c>, runs every code cell in order in a fresh <see cref="NotebookKernelFactory"/> kernel with the
/// notebook's folder as working directory, records outputs and execution counts, and stops at the first failed
/// cell (later cells are left unexecuted, as papermill and nbconvert do).
/// </summary>
public static class NotebookExecutor
{
    public static InteractiveDocument Read(string path)
    {
        try
        {
            return Notebook.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookRunException($"{path}: cannot read notebook: {e.Message}", e);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new NotebookRunException($"{path}: not a valid .ipynb notebook: {e.Message}", e);
        }
    }

    public static async Task<NotebookRun> RunAsync(string path, RunOptions options, IProgress<CellProgress>? progress, CancellationToken cancellationToken = default)
    {
        var document = Read(path);
        InjectParameters(document, options.Parameters);
        AssignCellIds(document);

        // A notebook's relative paths (#i, #r, its evidence) mean its own folder, as in Jupyter and VS Code, whose
        // kernel process starts there; in this process that is the working directory, which every thread shares: so
        // one notebook runs at a time here, and the directory is given back after it.
        await OneAtATime.WaitAsync(cancellationToken);
        var previousDirectory = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var kernel = NotebookKernelFactory.Create();
            await kernel.SendAsync(new SubmitCode("// warm-up\n0"), cancellationToken);
            var cells = await RunCellsAsync(kernel, document, options, progress, cancellationToken);
            return new NotebookRun(document, cells);
        }
        finally
        {
            Directory.SetCurrentDirectory(previousDirectory);
            OneAtATime.Release();
        }
    }

    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private static async Task<List<CellRun>> RunCellsAsync(CompositeKernel kernel, InteractiveDocument document, RunOptions options,
        IProgress<CellProgress>? progress, CancellationToken cancellationToken)
    {
        var codeCells = document.Elements.Select((e, i) => (Element: e, Number: i + 1)).Where(c => IsCode(c.Element)).ToArray();
        var runs = new List<CellRun>();
        var executionCount = 0;
        var failed = false;
        for (var k = 0; k < codeCells.Length; k++)
        {
            var (cell, number) = codeCells[k];
            cell.Outputs.Clear();
            if (failed)
            {
                cell.ExecutionOrder = 0;
                runs.Add(new CellRun(number, 0, CellOutcome.NotRun, null, TimeSpan.Zero));
                continue;
            }

            progress?.Report(new CellProgress(number, k + 1, codeCells.Length, FirstLine(cell.Contents), null));
            executionCount++;
            var clock = Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.CellTimeout);
            var command = new SubmitCode(cell.Contents, TargetKernel(kernel, cell));
            KernelCommandResult result;
            string? error;
            try
            {
                result = await kernel.SendAsync(command, timeout.Token);
                cell.Outputs.AddRange(CellOutputs.From(result.Events, executionCount, out var failure));
                error = failure?.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"cell did not finish within {options.CellTimeout}";
                cell.Outputs.Add(new ErrorElement(error, "Timeout", [error]));
            }

            cell.ExecutionOrder = executionCount;
            var run = new CellRun(number, executionCount, error is null ? CellOutcome.Succeeded : CellOutcome.Failed, error, clock.Elapsed);
            runs.Add(run);
            progress?.Report(new CellProgress(number, k + 1, codeCells.Length, FirstLine(cell.Contents), run));
            failed = error is not null;
        }

        return runs;
    }

    private static string? TargetKernel(CompositeKernel kernel, InteractiveDocumentElement cell) =>
        cell.KernelName is { } name && kernel.FindKernelByName(name) is not null ? name : null;

    private static bool IsCode(InteractiveDocumentElement element) => element.KernelName != "markdown";

    private static string FirstLine(string contents)
    {
        var line = contents.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal)) ?? "";
        return line.Length > 60 ? line[..57] + "..." : line;
    }

    /// <summary>Inserts the injected-parameters cell after the cell tagged <c>parameters</c> (or first, with a warning).</summary>
    public static void InjectParameters(InteractiveDocument document, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0)
        {
            return;
        }

        var index = document.Elements.ToList().FindIndex(e => Tags(e).Contains("parameters"));
        var declared = index >= 0 ? NotebookParameters.Declared(document.Elements[index].Contents) : new Dictionary<string, string>();
        var code = NotebookParameters.InjectedCell(parameters, declared);
        var injected = new InteractiveDocumentElement(code, "csharp")
        {
            Id = "injected-parameters",
            Metadata = new Dictionary<string, object> { ["tags"] = new List<object> { "injected-parameters" } },
        };
        document.Elements.Insert(index + 1, injected);
    }

    private static IEnumerable<string> Tags(InteractiveDocumentElement element) =>
        element.Metadata?.TryGetValue("tags", out var tags) == true && tags is IEnumerable<object> list
            ? list.OfType<string>()
            : [];

    /// <summary>nbformat 4.5 wants an id on every cell; cells without one get a stable id from their position.</summary>
    private static void AssignCellIds(InteractiveDocument document)
    {
        var used = new HashSet<string>(document.Elements.Select(e => e.Id).OfType<string>(), StringComparer.Ordinal);
        for (var i = 0; i < document.Elements.Count; i++)
        {
            if (string.IsNullOrEmpty(document.Elements[i].Id))
            {
                var id = $"cell-{i + 1}";
                while (!used.Add(id))
                {
                    id += "x";
                }

                document.Elements[i].Id = id;
            }
        }
    }

    public static string ToJupyterJson(InteractiveDocument document) => document.ToJupyterJson();
}
