using System.Globalization;
using EksIr.Cli.CommandLine;
using EksIr.Core.Reporting;
using EksIr.NotebookRunner;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir run NOTEBOOK [-p name=value]… [-o OUT.ipynb] [--html OUT.html]</c></summary>
public sealed class RunVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "run",
        "run NOTEBOOK [-p name=value]... [-o OUT.ipynb] [--html OUT.html] [--cell-timeout SECONDS]",
        "Execute a notebook headless (papermill-style) and write the executed .ipynb and an offline HTML rendering.\n" +
        "Defaults: out/<notebook>.ipynb and out/<notebook>.html under the current folder. Exit code 1 if a cell failed.",
        ["NOTEBOOK"],
        new Dictionary<string, string>
        {
            ["-p"] = "name=value: a parameter for the cell tagged 'parameters' (repeatable)",
            ["-o"] = "the executed notebook (.ipynb)",
            ["--html"] = "the HTML rendering (self-contained, opens offline)",
            ["--cell-timeout"] = "seconds a cell may run (default 1800)",
        },
        new Dictionary<string, string>(),
        Repeatable: new HashSet<string> { "-p" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var notebook = args.Positional(0);
        if (!File.Exists(notebook))
        {
            throw new CliException($"{notebook}: no such notebook");
        }

        var name = Path.GetFileNameWithoutExtension(notebook);
        var output = Path.GetFullPath(args.Value("-o") ?? Path.Combine("out", name + ".ipynb"));
        var html = Path.GetFullPath(args.Value("--html") ?? Path.Combine("out", name + ".html"));
        var options = new RunOptions(args.All("-p").Select(ParseParameter).ToArray(), CellTimeout(args.Value("--cell-timeout")));

        var progress = new SynchronousProgress<CellProgress>(p => Report(console, p));
        NotebookRun run;
        try
        {
            run = await NotebookExecutor.RunAsync(notebook, options, progress, cancellationToken);
        }
        catch (NotebookRunException e)
        {
            throw new CliException(e.Message);
        }
        catch (NotebookParameterException e)
        {
            throw new CliException("run: " + e.Message, usage: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, NotebookExecutor.ToJupyterJson(run.Document), cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(html)!);
        await File.WriteAllTextAsync(html, NotebookHtml.Render(run.Document, name), cancellationToken);
        console.Error.WriteLine($"wrote {output}");
        console.Error.WriteLine($"wrote {html}");

        if (run.FirstFailure is { } failed)
        {
            var notRun = run.Cells.Count(c => c.Outcome == CellOutcome.NotRun);
            console.Error.WriteLine($"eksir run: {notebook}: cell {failed.CellNumber} failed: {OneLine(failed.Error)}" +
                                    (notRun > 0 ? $" ({Counted.Of(notRun, "later code cell")} not run)" : ""));
            return 1;
        }

        console.Error.WriteLine($"eksir run: {notebook}: all {run.Cells.Count} code cells succeeded");
        return 0;
    }

    private static void Report(CliConsole console, CellProgress p)
    {
        if (p.Finished is null)
        {
            console.Error.WriteLine($"[{p.CodeCellIndex}/{p.CodeCellCount}] cell {p.CellNumber}: {p.FirstLine}");
        }
        else
        {
            var seconds = p.Finished.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            console.Error.WriteLine(p.Finished.Outcome == CellOutcome.Succeeded
                ? $"      ok ({seconds}s)"
                : $"      FAILED ({seconds}s): {OneLine(p.Finished.Error)}");
        }
    }

    private static string OneLine(string? error)
    {
        var text = (error ?? "").ReplaceLineEndings(" ").Trim();
        return text.Length > 400 ? text[..400] + "…" : text;
    }

    private static KeyValuePair<string, string> ParseParameter(string text)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0)
        {
            throw new CliException($"run: -p takes name=value, got '{text}'", usage: true);
        }

        return new(text[..eq], text[(eq + 1)..]);
    }

    private static TimeSpan CellTimeout(string? seconds)
    {
        if (seconds is null)
        {
            return RunOptions.Default.CellTimeout;
        }

        return int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : throw new CliException($"run: --cell-timeout takes a positive number of seconds, got '{seconds}'", usage: true);
    }
}
