using EksIr.Cli.Tests.Support;
using EksIr.Tests;
using static EksIr.Cli.Tests.Support.NotebookFile;

namespace EksIr.Cli.Tests.Run;

[Collection(PackedExtensionCollection.Name)]
public sealed class PackedExtensionTests(PackedExtension package) : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_packed_extension_loads_through_r_nuget_in_a_fresh_kernel_and_runs_a_magic_command()
    {
        var evidence = Path.GetDirectoryName(_temp.Write("evidence/node/etc/hostname", "ip-192-168-23-117\n"))!;
        var notebook = Write(_temp.Combine("nb", "load.ipynb"),
            (Code($"#i \"nuget:{package.Feed}\"", $"#r \"nuget: EksIr.Kernel, {package.Version}\""), null),
            (Code($"#!case open --name INC-9 --evidence \"{_temp.Combine("evidence")}\" --hash"), null),
            (Code("#!case status"), null));
        var output = _temp.Combine("out", "load.ipynb");

        var result = await ProcessRun.EksirAsync(_temp.Path, "run", notebook, "-o", output, "--html", _temp.Combine("out", "load.html"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var cells = Cells(output);
        var banner = OutputText(cells[0]!);
        Assert.Contains($"EKS IR Notebooks {package.Version} loaded. Magic commands: #!case open, #!case status, #!case report, ", banner);
        Assert.Contains("#!containers", banner);
        Assert.Contains("Hashed at intake      1", OutputText(cells[1]!));
        Assert.Contains("<td>case open</td>", OutputText(cells[2]!));
        Assert.True(File.Exists(_temp.Combine("nb", "cases", "INC-9", "journal.jsonl")));
        Assert.Equal("ip-192-168-23-117\n", File.ReadAllText(Path.Combine(evidence, "hostname")));
    }

    [Fact]
    public async Task The_start_here_playbook_runs_green_on_the_sample_data()
    {
        var repo = StageRepository();

        var result = await ProcessRun.EksirAsync(repo, "run", "notebooks/00-start-here.ipynb");

        Assert.True(result.ExitCode == 0, result.ToString());
        var cells = Cells(Path.Combine(repo, "out", "00-start-here.ipynb"));
        var text = string.Join("\n", cells.Select(c => OutputText(c!)));
        Assert.Contains("Case opened", text);
        Assert.Contains("guardduty", File.ReadAllText(Path.Combine(repo, "notebooks", "cases", "INC-2026-001", "journal.jsonl")));
        Assert.True(File.Exists(Path.Combine(repo, "notebooks", "cases", "INC-2026-001", "report.html")));
    }

    [JupyterFact]
    public async Task The_start_here_playbook_runs_green_under_jupyter_nbconvert()
    {
        var repo = StageRepository();

        var result = await ProcessRun.RunAsync("jupyter",
            ["nbconvert", "--to", "notebook", "--execute", "00-start-here.ipynb", "--output-dir", Path.Combine(repo, "out"),
             "--ExecutePreprocessor.timeout=300"],
            Path.Combine(repo, "notebooks"), TimeSpan.FromMinutes(8), JupyterFactAttribute.Environment());

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = string.Join("\n", Cells(Path.Combine(repo, "out", "00-start-here.ipynb")).Select(c => OutputText(c!)));
        Assert.Contains($"EKS IR Notebooks {package.Version} loaded", text);
        Assert.Contains("Case opened", text);
        Assert.Contains("Report written", text);
    }

    [Fact]
    public async Task The_disk_analysis_playbook_walks_the_sample_node_archive_to_the_dropped_files_twice_over()
    {
        var repo = StageRepository("04-disk-analysis.ipynb");

        var first = await ProcessRun.EksirAsync(repo, "run", "notebooks/04-disk-analysis.ipynb");
        var second = await ProcessRun.EksirAsync(repo, "run", "notebooks/04-disk-analysis.ipynb"); // a playbook can be run again

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var text = string.Join("\n", Cells(Path.Combine(repo, "out", "04-disk-analysis.ipynb")).Select(c => OutputText(c!)));
        Assert.Contains("privileged", text);
        Assert.Contains("download-and-execute", text);
        Assert.Contains("D /var/www/index.html", text);
        Assert.Contains("upload=http://203.0.113.50/drop", text);
        Assert.Contains("-rwsr-xr-x", text);

        var caseFolder = Path.Combine(repo, "notebooks", "cases", "INC-2026-001");
        var exports = Directory.GetFiles(Path.Combine(caseFolder, "exports", "sysdiag"), "manifest.json", SearchOption.AllDirectories);
        Assert.Equal(2, exports.Length);
        var miner = Directory.GetFiles(Path.Combine(caseFolder, "exports"), "miner.sh", SearchOption.AllDirectories).First();
        Assert.StartsWith("#!/bin/sh", File.ReadAllText(miner));
        Assert.Contains("|sysdiag:/tmp/.x/miner.sh|", File.ReadAllText(Path.Combine(caseFolder, "timeline", "sysdiag.bodyfile")));
        var journal = File.ReadAllText(Path.Combine(caseFolder, "journal.jsonl"));
        Assert.Contains("\"node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz\"", journal); // the archive, read whole, with its hash
        Assert.Contains("node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz!/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", journal);
        // The phase ends with its finding; run again, the finding is updated, not recorded twice.
        Assert.Contains("finding disk-1 recorded: The sysdiag container dropped a miner script", journal);
        Assert.Contains("finding disk-1 updated: The sysdiag container dropped a miner script", journal);
    }

    [Fact]
    public async Task The_memory_analysis_playbook_walks_the_sample_dump_to_the_pod_and_the_indicators()
    {
        var (text, journal, _) = await RunPlaybookAsync("05-memory-analysis.ipynb");

        Assert.Contains("sha256 matches", text);
        Assert.Contains("[pod default/sysdiag: sysdiag (8e1f2a3b4c5d)]  !! shell or interpreter started in the container (exec?)", text);
        Assert.Contains("user-space process named like a kernel thread", text);
        Assert.Contains("linux_dump_map -p 5310 -s 0x7f3a10000000", text);
        Assert.Contains("AKIA5DEVINTERN7EXMPL", text);
        Assert.Contains("\"verb\":\"ioc\"", journal);
        Assert.Contains("finding memory-1 recorded: A cryptominer ran on the node as PID 5310", journal); // the phase ends with its finding
    }

    [Fact]
    public async Task The_identification_playbook_goes_from_the_findings_to_the_pods_node_and_instance()
    {
        var (text, journal, _) = await RunPlaybookAsync("01-identification.ipynb");

        Assert.Contains("PrivilegeEscalation:Kubernetes/PrivilegedContainer", text);
        Assert.Contains("dev-intern", text);
        Assert.Contains("EC2 instance     i-0c7d2e91b4a6f3508", text);
        Assert.Contains("Node          ip-192-168-23-107.us-west-2.compute.internal", text);
        Assert.Contains("finding identification-1 recorded: GuardDuty flagged the privileged pod default/sysdiag", journal); // the phase ends with its finding
    }

    [Fact]
    public async Task The_containment_playbook_plans_the_quarantine_and_sends_nothing()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (text, journal, _) = await RunPlaybookAsync("03-containment.ipynb");
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        Assert.Contains("dry run for pod default/sysdiag: 2 planned (dry run), 1 checked", text);
        Assert.Contains("NOT enforced as far as the 2 kube-system pods show", text); // the sample's aws-node pods run no network policy agent
        Assert.Contains("dry run for node ip-192-168-23-107.us-west-2.compute.internal: 2 planned (dry run)", text);
        Assert.Contains("undo: kubectl uncordon ip-192-168-23-107.us-west-2.compute.internal", journal);
        Assert.Contains("dry run for instance i-0c7d2e91b4a6f3508: 6 planned (dry run)", text);
        // Sessions are revoked as of the moment the cell ran, not a time written into the playbook.
        var revoked = System.Text.RegularExpressions.Regex.Match(text, "\"aws:TokenIssueTime\":\"([^\"]+)\"");
        Assert.True(revoked.Success, text);
        var at = DateTimeOffset.Parse(revoked.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before, after);
        Assert.DoesNotContain("--revoke-before", journal);
    }

    [Fact]
    public async Task The_acquisition_playbook_plans_every_seed_step_on_the_snapshots_and_writes_no_manifest()
    {
        var (text, journal, caseFolder) = await RunPlaybookAsync("02-acquisition.ipynb");

        Assert.Contains("dry run for instance i-0c7d2e91b4a6f3508 acquisition: 7 planned (dry run), 1 done", text);
        foreach (var step in new[] { "termination protection", "detach from Auto Scaling group", "shutdown behaviour", "tag instance", "list volumes", "keep volume on termination", "capture memory", "snapshot volumes" })
        {
            Assert.Contains($"== {step} ", text);
        }

        Assert.Contains("eksir:case=INC-2026-001", text);
        Assert.Contains("'s3://ir-evidence-111122223333/INC-2026-001/i-0c7d2e91b4a6f3508.lime'", text);
        Assert.Contains("dry run for pod default/sysdiag logs", text);
        Assert.Equal(7, journal.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("\"verb\":\"acquire instance\"", StringComparison.Ordinal)));
        Assert.False(Directory.Exists(Path.Combine(caseFolder, "acquired")));
    }

    [Fact]
    public async Task The_log_playbook_answers_the_seed_questions_from_cloudtrail_and_the_control_plane()
    {
        var (text, journal, _) = await RunPlaybookAsync("06-log-analysis.ipynb");

        Assert.Contains("CreateAccessKey           us-east-1  198.51.100.23    AccessDenied", text);
        Assert.Contains("RunInstances       203.0.113.50", text);
        Assert.Contains("autoscaling.amazonaws.com  i-0c7d2e91b4a6f3508  192.168.23.107", text);
        Assert.Contains("dev-intern     arn:aws:iam::111122223333:user/dev-intern  AKIA5DEVINTERN7EXMPL      198.51.100.23", text);
        Assert.Contains("default/sysdiag  ip-192-168-23-107.us-west-2.compute.internal", text);
        Assert.Contains("ip-192-168-23-107.us-west-2.compute.internal  i-0c7d2e91b4a6f3508", text);
        Assert.Contains("aws:///us-west-2b/i-0c7d2e91b4a6f3508", text);
        Assert.Contains("system:serviceaccount:default:default  list  /api/v1/namespaces/kube-system/secrets  403", text);
        Assert.Contains("impersonatedUser.username", text); // the playbook's create-delete beside the talk's verbatim query
        Assert.Contains("\"verb\":\"insights\"", journal);
        Assert.Contains("\"verb\":\"connect cloudtrail\"", journal);
        Assert.Contains("finding logs-1 recorded: dev-intern's access key was used from 198.51.100.23", journal); // the phase ends with its finding
    }

    [Fact]
    public async Task The_training_walkthrough_checks_each_answer_leaves_the_findings_to_the_analyst_and_writes_the_report()
    {
        var repo = StageRepository("training/eks-incident-walkthrough.ipynb");
        var answers = TrainingNotebooks.SolutionAnswers();
        var right = answers.SelectMany(a => new[] { "-p", $"{a.Key}={a.Value}" }).ToArray();

        var solved = await ProcessRun.EksirAsync(repo, ["run", "notebooks/training/eks-incident-walkthrough.ipynb", .. right, "-o", "out/solved.ipynb"]);
        var blank = await ProcessRun.EksirAsync(repo, "run", "notebooks/training/eks-incident-walkthrough.ipynb", "-o", "out/blank.ipynb", "-p", "caseDir=cases/blank",
            "-p", "q5=06:24:05", "-p", "q7=5310");

        Assert.True(solved.ExitCode == 0, solved.ToString());
        var text = string.Join("\n", Cells(Path.Combine(repo, "out", "solved.ipynb")).Select(c => OutputText(c!)));
        Assert.Equal(10, answers.Count(a => a.Key.StartsWith('q')));
        foreach (var q in Enumerable.Range(1, 10))
        {
            Assert.Contains($"question {q}: correct", text);
        }

        // The exercise does not state the answers as findings: the analyst records them (the solutions do).
        Assert.DoesNotContain(Cells(Path.Combine(repo, "notebooks", "training", "eks-incident-walkthrough.ipynb")),
            c => c!["cell_type"]!.GetValue<string>() == "code" && string.Concat(c["source"]!.AsArray().Select(l => l!.GetValue<string>())).Contains("#!finding", StringComparison.Ordinal));
        var caseFolder = Path.Combine(repo, "notebooks", "training", "cases", "INC-TRAIN-001");
        var report = File.ReadAllText(Path.Combine(caseFolder, "report.html"));
        Assert.Contains("No finding recorded yet", report);
        Assert.Contains("class=\"eksir-swimlanes\"", report);
        Assert.True(File.Exists(Path.Combine(caseFolder, "report.md")));

        Assert.True(blank.ExitCode == 0, blank.ToString()); // an exercise not done yet is no failed cell
        var unanswered = string.Join("\n", Cells(Path.Combine(repo, "out", "blank.ipynb")).Select(c => OutputText(c!)));
        Assert.Contains("question 5: not yet — '06:24:05' is not the answer; hint: the first `create pods/exec` row", unanswered);
        Assert.Contains("question 7: not yet — '5310' is not the answer", unanswered);
        Assert.All(new[] { 1, 2, 3, 4, 6, 8, 9, 10 }, q => Assert.Contains($"question {q}: no answer yet", unanswered));
    }

    [Fact]
    public async Task The_solutions_run_twice_write_the_same_journal_and_report_apart_from_timestamps()
    {
        var repo = StageRepository("training/eks-incident-walkthrough-solutions.ipynb");
        var caseFolder = Path.Combine(repo, "notebooks", "training", "cases", "INC-TRAIN-001");
        var runs = new List<string[]>();
        for (var run = 0; run < 2; run++)
        {
            if (Directory.Exists(caseFolder))
            {
                Directory.Delete(caseFolder, recursive: true);
            }

            var result = await ProcessRun.EksirAsync(repo, "run", "notebooks/training/eks-incident-walkthrough-solutions.ipynb", "-o", $"out/solutions-{run}.ipynb");
            Assert.True(result.ExitCode == 0, result.ToString());
            runs.Add([.. new[] { "journal.jsonl", "report.html", "report.md" }.Select(f => TrainingNotebooks.WithoutTimestamps(File.ReadAllText(Path.Combine(caseFolder, f))))]);
        }

        Assert.Equal(runs[0], runs[1]);
        Assert.Contains("\"verb\":\"finding\"", runs[0][0]);
        Assert.Contains("question 10: correct (RunInstances)", runs[0][0]);
        Assert.Contains("finding F4 recorded: The node role's credentials were stolen and used from 203.0.113.50 (4 rows of evidence)", runs[0][0]);

        // Run again into the same case: its four findings are updated, not recorded a second time.
        var again = await ProcessRun.EksirAsync(repo, "run", "notebooks/training/eks-incident-walkthrough-solutions.ipynb", "-o", "out/solutions-again.ipynb");
        Assert.True(again.ExitCode == 0, again.ToString());
        var report = File.ReadAllText(Path.Combine(caseFolder, "report.md"));
        var findings = report[report.IndexOf("## Findings", StringComparison.Ordinal)..report.IndexOf("## Timeline", StringComparison.Ordinal)];
        Assert.Equal(4, findings.Split("\n### ").Length - 1);
        Assert.Contains("### 4. The node role's credentials were stolen and used from 203.0.113.50 (F4)", findings);
        Assert.Equal(4, report.Split(" | updated | ").Length - 1);
    }

    /// <summary>Runs a playbook of the repository headless in a staged copy; its outputs' text, the journal and the case folder.</summary>
    private async Task<(string Text, string Journal, string CaseFolder)> RunPlaybookAsync(string notebook)
    {
        var repo = StageRepository(notebook);
        var result = await ProcessRun.EksirAsync(repo, "run", $"notebooks/{notebook}");
        Assert.True(result.ExitCode == 0, result.ToString());
        var text = string.Join("\n", Cells(Path.Combine(repo, "out", notebook)).Select(c => OutputText(c!)));
        var caseFolder = Path.Combine(repo, "notebooks", "cases", "INC-2026-001");
        return (text, File.ReadAllText(Path.Combine(caseFolder, "journal.jsonl")), caseFolder);
    }

    /// <summary>The repository's layout in a scratch folder: the real notebook and sample data, this build's feed.</summary>
    private string StageRepository(string notebook = "00-start-here.ipynb")
    {
        var repo = _temp.Combine("repo");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(repo, "notebooks", notebook))!);
        File.Copy(Repo.Path("notebooks", notebook), Path.Combine(repo, "notebooks", notebook), overwrite: true);
        Directory.CreateDirectory(Path.Combine(repo, "artifacts"));
        Directory.CreateSymbolicLink(Path.Combine(repo, "artifacts", "packages"), package.Feed);
        Directory.CreateSymbolicLink(Path.Combine(repo, "sample-data"), Repo.Path("sample-data"));
        return repo;
    }
}
