using System.IO.Compression;
using System.Text.Json;
using EksIr.Cli.Tests.Support;
using EksIr.Tests;
using static EksIr.Cli.Tests.Support.NotebookFile;

namespace EksIr.Cli.Tests.Run;

/// <summary>
/// A quote in a playbook's load cell or in the line that adds a query kernel once hung the next run under the .NET
/// Interactive tool (it copied them, unescaped, into the PowerShell Set-Secret command that remembers a #!connect).
/// The same playbook, quotes in both, runs green twice in one fresh home folder under the tool's two notebook
/// clients: Jupyter (nbconvert) and the stdio protocol VS Code speaks (eksir-stdio).
/// </summary>
[Collection(PackedExtensionCollection.Name)]
public sealed class QuotedPlaybookTests(PackedExtension package) : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [JupyterFact]
    public async Task A_playbook_with_quotes_in_its_load_cell_and_kernel_lines_runs_green_twice_in_one_home_under_jupyter()
    {
        var (notebook, events) = StagePlaybook();

        for (var run = 1; run <= 2; run++)
        {
            var result = await ProcessRun.RunAsync("jupyter",
                ["nbconvert", "--to", "notebook", "--execute", notebook, "--output-dir", _temp.Combine("out"), "--ExecutePreprocessor.timeout=240"],
                _temp.Combine("nb"), TimeSpan.FromMinutes(4), FreshHome());

            Assert.True(result.ExitCode == 0, $"run {run}: {result}");
            var cells = Cells(_temp.Combine("out", "quoted.ipynb"));
            Assert.Contains("Kernel added: #!ct", OutputText(cells[2]!));
            Assert.Contains("Kernel added: #!audit", OutputText(cells[3]!));
            Assert.Matches($@"events\s+-+\s+{events}\b", OutputText(cells[4]!));
        }
    }

    [JupyterFact]
    public async Task A_playbook_with_quotes_in_its_load_cell_and_kernel_lines_runs_green_twice_in_one_home_over_the_stdio_protocol()
    {
        var (notebook, _) = StagePlaybook();

        for (var run = 1; run <= 2; run++)
        {
            var result = await ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "eksir-stdio.dll"), notebook, "--cell-timeout", "240"],
                _temp.Combine("nb"), TimeSpan.FromMinutes(4), FreshHome());

            Assert.True(result.ExitCode == 0, $"run {run}: {result}");
            Assert.Contains("all 6 code cells succeeded over the stdio protocol", result.StdErr);
        }
    }

    /// <summary>The playbook, and how many CloudTrail events its evidence holds (counted here from the files).</summary>
    private (string Notebook, int Events) StagePlaybook()
    {
        var evidence = _temp.Combine("evidence");
        CopyTree(Repo.Path("sample-data", "incident-1", "cloudtrail"), Path.Combine(evidence, "analyst's cloudtrail"));
        CopyTree(Repo.Path("sample-data", "incident-1", "control-plane"), Path.Combine(evidence, "analyst's control-plane"));
        var events = Directory.EnumerateFiles(Path.Combine(evidence, "analyst's cloudtrail"), "*.json.gz", SearchOption.AllDirectories).Sum(file =>
        {
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var document = JsonDocument.Parse(gzip);
            return document.RootElement.GetProperty("Records").GetArrayLength();
        });
        var notebook = Write(_temp.Combine("nb", "quoted.ipynb"),
            (Code("// Load the analyst's build of the extension: it's in the test's own feed", $"#i \"nuget:{package.Feed}\"", $"#r \"nuget: EksIr.Kernel, {package.Version}\""), null),
            (Code($"#!case open --name INC-QUOTE --evidence \"{evidence}\""), null),
            (Code("#!query-kernel cloudtrail --kernel-name ct --path \"analyst's cloudtrail\""), null),
            (Code("#!query-kernel insights --kernel-name audit --path \"analyst's control-plane\""), null),
            (Code("#!ct", "SELECT count(*) AS events FROM cloudtrail"), null),
            (Code("#!audit", "fields @timestamp | limit 1"), null));
        return (notebook, events);
    }

    /// <summary>A home folder of the test's own, the same for both runs: what the first run leaves there, the second meets.</summary>
    private Dictionary<string, string> FreshHome()
    {
        var realHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var home = _temp.Combine("home");
        Directory.CreateDirectory(home);
        var environment = JupyterFactAttribute.Environment();
        environment["HOME"] = home;
        environment["JUPYTER_PATH"] = Path.Combine(realHome, ".local", "share", "jupyter"); // where the .NET kernels' specs are installed
        environment["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(realHome, ".nuget", "packages");
        return environment;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
