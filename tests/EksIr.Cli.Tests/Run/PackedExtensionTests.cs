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

        var result = await ProcessRun.EksirAsync(repo, "run", "notebooks/00-start-here.ipynb", "--html", "out/00-start-here.html");

        Assert.True(result.ExitCode == 0, result.ToString());
        var cells = Cells(Path.Combine(repo, "out", "00-start-here.ipynb"));
        var text = string.Join("\n", cells.Select(c => OutputText(c!)));
        Assert.Contains("Case opened", text);
        Assert.Contains("guardduty", File.ReadAllText(Path.Combine(repo, "notebooks", "cases", "INC-2026-001", "journal.jsonl")));
        Assert.True(File.Exists(Path.Combine(repo, "notebooks", "cases", "INC-2026-001", "report.html")));
        await PageLayout.AssertReadableAsync(("00-start-here", Path.Combine(repo, "out", "00-start-here.html")),
            ("00-start-here-report", Path.Combine(repo, "notebooks", "cases", "INC-2026-001", "report.html")));
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
    public async Task The_phase_playbooks_run_as_one_case_from_the_finding_to_the_write_up()
    {
        var repo = StageRepository("01-identification.ipynb");
        foreach (var phase in Phases.Skip(1))
        {
            File.Copy(Repo.Path("notebooks", phase), Path.Combine(repo, "notebooks", phase), overwrite: true);
        }

        // Every parameter of every phase is changed from its default to a copy of what it names, elsewhere: each one must
        // change what is read (the journal's reads below), or it is a parameter that means nothing.
        var evidence = Path.Combine(repo, "case-evidence");
        CopyTree(Repo.Path("sample-data", "incident-1"), evidence);
        const string node = "ip-192-168-23-107.us-west-2.compute.internal.tar.gz";
        CopyTree(Path.Combine(evidence, "cluster"), Path.Combine(evidence, "cluster-copy"));
        CopyTree(Path.Combine(evidence, "aws"), Path.Combine(evidence, "aws-copy"));
        CopyTree(Path.Combine(evidence, "memory", "volatility"), Path.Combine(evidence, "volatility-copy"));
        Directory.CreateDirectory(Path.Combine(evidence, "node-copy"));
        File.Copy(Path.Combine(evidence, "node", node), Path.Combine(evidence, "node-copy", node));
        Directory.CreateDirectory(Path.Combine(evidence, "memory-copy"));
        foreach (var file in new[] { "ip-192-168-23-107.lime", "ip-192-168-23-107.lime.sha256" }) // the dump and the hash acquisition wrote beside it
        {
            File.Copy(Path.Combine(evidence, "memory", file), Path.Combine(evidence, "memory-copy", file));
        }
        var changed = new Dictionary<string, string>
        {
            ["evidence"] = evidence, ["snapshot"] = "cluster-copy", ["aws"] = "aws-copy", ["node"] = $"node-copy/{node}",
            ["dump"] = "memory-copy/ip-192-168-23-107.lime", ["volatility"] = "volatility-copy",
        };

        var caseFolder = Path.Combine(repo, "notebooks", "cases", "INC-2026-001");
        string journal = "";
        async Task<string> RunAsync(string notebook, string run)
        {
            var declared = TrainingNotebooks.Parameters(Path.Combine(repo, "notebooks", notebook));
            Assert.All(declared.Keys, name => Assert.True(changed.ContainsKey(name), $"{notebook}: parameter {name} is changed by no run of this test"));
            var result = await ProcessRun.EksirAsync(repo, ["run", $"notebooks/{notebook}", "-o", $"out/{run}.ipynb", "--html", $"out/{run}.html", .. declared.Keys.SelectMany(k => new[] { "-p", $"{k}={changed[k]}" })]);
            Assert.True(result.ExitCode == 0, result.ToString());
            journal = File.ReadAllText(Path.Combine(caseFolder, "journal.jsonl"));
            return string.Join("\n", Cells(Path.Combine(repo, "out", $"{run}.ipynb")).Select(c => OutputText(c!)));
        }

        // Identification: the findings name the pod; the cards confirm it, its node, instance and container into the case.
        var identification = await RunAsync("01-identification.ipynb", "01");
        Assert.Contains("PrivilegeEscalation:Kubernetes/PrivilegedContainer", identification);
        Assert.Contains("dev-intern", identification);
        Assert.Contains("EC2 instance     i-0c7d2e91b4a6f3508", identification);
        Assert.Contains("Node          ip-192-168-23-107.us-west-2.compute.internal", identification);
        Assert.Contains("confirmed into the case: pod default/sysdiag", identification);
        Assert.Contains("pod default/sysdiag: taken from the case (confirmed from guardduty: PrivilegeEscalation:Kubernetes/PrivilegedContainer", identification);
        Assert.Contains("finding identification-1 recorded: GuardDuty flagged the privileged pod default/sysdiag", journal); // the phase ends with its finding

        // Acquisition: every seed step planned on the case's instance, named by no cell.
        var acquisition = await RunAsync("02-acquisition.ipynb", "02");
        Assert.Contains("instance i-0c7d2e91b4a6f3508: taken from the case (confirmed from k8s pod: pod default/sysdiag", acquisition);
        Assert.Contains("dry run for instance i-0c7d2e91b4a6f3508 acquisition: 7 planned (dry run), 1 done", acquisition);
        foreach (var step in new[] { "termination protection", "detach from Auto Scaling group", "shutdown behaviour", "tag instance", "list volumes", "keep volume on termination", "capture memory", "snapshot volumes" })
        {
            Assert.Contains($"== {step} ", acquisition);
        }

        Assert.Contains("eksir:case=INC-2026-001", acquisition);
        Assert.Contains("'s3://ir-evidence-111122223333/INC-2026-001/i-0c7d2e91b4a6f3508.lime'", acquisition);
        Assert.Contains("dry run for pod default/sysdiag logs", acquisition);
        Assert.Contains("CreateVolume from snap-0e4d3c2b1a0f98765 in us-west-2b", acquisition); // the analysis instance's zone, from aws-copy
        Assert.Contains("AttachVolume at /dev/sdf on i-0f3e9a1c7b2d45e60", acquisition);
        Assert.Contains("mount -t xfs -o ro,nouuid,norecovery", acquisition);
        Assert.Contains("== collect node / on i-0c7d2e91b4a6f3508 → s3://ir-evidence-111122223333/INC-2026-001/node/", acquisition); // the archive 04 reads, made on the case's instance
        Assert.Equal(8, journal.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("\"verb\":\"acquire instance\"", StringComparison.Ordinal)));
        Assert.False(Directory.Exists(Path.Combine(caseFolder, "acquired")));

        // Containment: the quarantine planned on the case's pod, node and instance; nothing sent.
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var containment = await RunAsync("03-containment.ipynb", "03");
        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        Assert.Contains("dry run for pod default/sysdiag: 2 planned (dry run), 1 checked", containment);
        Assert.Contains("NOT enforced as far as the 2 kube-system pods show", containment); // the sample's aws-node pods run no network policy agent
        Assert.DoesNotContain("processes on the host", containment); // memory analysis has not run yet
        Assert.Contains("dry run for node ip-192-168-23-107.us-west-2.compute.internal: 2 planned (dry run)", containment);
        Assert.Contains("undo: kubectl uncordon ip-192-168-23-107.us-west-2.compute.internal", journal);
        Assert.Contains("dry run for instance i-0c7d2e91b4a6f3508: 6 planned (dry run)", containment);
        // Sessions are revoked as of the moment the cell ran, not a time written into the playbook.
        var revoked = System.Text.RegularExpressions.Regex.Match(containment, "\"aws:TokenIssueTime\":\"([^\"]+)\"");
        Assert.True(revoked.Success, containment);
        var at = DateTimeOffset.Parse(revoked.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before, after);
        Assert.DoesNotContain("--revoke-before", journal);

        // Disk: the case's container, walked to the dropped files; run twice, its finding is updated, not doubled.
        await RunAsync("04-disk-analysis.ipynb", "04");
        var disk = await RunAsync("04-disk-analysis.ipynb", "04-again"); // a playbook can be run again
        Assert.Contains("container 8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f: taken from the case", disk);
        Assert.Contains("privileged", disk);
        Assert.Contains("download-and-execute", disk);
        Assert.Contains("D /var/www/index.html", disk);
        Assert.Contains("upload=http://203.0.113.50/drop", disk);
        Assert.Contains("-rwsr-xr-x", disk);
        var exports = Directory.GetFiles(Path.Combine(caseFolder, "exports", "8e1f2a3b4c5d"), "manifest.json", SearchOption.AllDirectories);
        Assert.Equal(2, exports.Length);
        var miner = Directory.GetFiles(Path.Combine(caseFolder, "exports"), "miner.sh", SearchOption.AllDirectories).First();
        Assert.StartsWith("#!/bin/sh", File.ReadAllText(miner));
        Assert.Contains("|sysdiag:/tmp/.x/miner.sh|", File.ReadAllText(Path.Combine(caseFolder, "timeline", "sysdiag.bodyfile")));
        Assert.Contains("\"node-copy/ip-192-168-23-107.us-west-2.compute.internal.tar.gz\"", journal); // the archive, read whole, with its hash
        Assert.Contains("node-copy/ip-192-168-23-107.us-west-2.compute.internal.tar.gz!/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", journal);
        Assert.Contains("finding disk-1 recorded: The sysdiag container dropped a miner script", journal);
        Assert.Contains("finding disk-1 updated: The sysdiag container dropped a miner script", journal);

        // Memory: the dump walked to the pod and the indicators; the processes on the host confirmed into the case.
        var memory = await RunAsync("05-memory-analysis.ipynb", "05");
        Assert.Contains("sha256 matches", memory);
        Assert.Contains("[pod default/sysdiag: sysdiag (8e1f2a3b4c5d)]  !! shell or interpreter started in the container (exec?)", memory);
        Assert.Contains("user-space process named like a kernel thread", memory);
        Assert.Contains("linux_dump_map -p 5310 -s 0x7f3a10000000", memory);
        Assert.Contains("AKIA5DEVINTERN7EXMPL", memory);
        Assert.Contains("\"verb\":\"ioc\"", journal);
        Assert.Contains("finding memory-1 recorded: A cryptominer ran on the node as PID 5310", journal);

        // Containment again, now that the case knows of processes on the host: the pod plan says they are beyond it.
        var again = await RunAsync("03-containment.ipynb", "03-again");
        Assert.Contains("NOT contained by this plan: PID 5302 (confirmed from pstree: children of PID 1 outside any container (a shell and the miner)); PID 5310", again);
        Assert.Contains(") run on the node outside any container", again); // two processes: "run", not "run(s)"

        // Logs: the seed's questions answered from CloudTrail and the control plane.
        var logs = await RunAsync("06-log-analysis.ipynb", "06");
        Assert.Contains("CreateAccessKey           us-east-1  198.51.100.23    AccessDenied", logs);
        Assert.Contains("RunInstances       203.0.113.50", logs);
        Assert.Contains("autoscaling.amazonaws.com  i-0c7d2e91b4a6f3508  192.168.23.107", logs);
        Assert.Contains("dev-intern     arn:aws:iam::111122223333:user/dev-intern  AKIA5DEVINTERN7EXMPL      198.51.100.23", logs);
        Assert.Contains("default/sysdiag  ip-192-168-23-107.us-west-2.compute.internal", logs);
        Assert.Contains("ip-192-168-23-107.us-west-2.compute.internal  i-0c7d2e91b4a6f3508", logs);
        Assert.Contains("aws:///us-west-2b/i-0c7d2e91b4a6f3508", logs);
        Assert.Contains("system:serviceaccount:default:default  list  /api/v1/namespaces/kube-system/secrets  403", logs);
        Assert.Contains("impersonatedUser.username", logs); // the playbook's create-delete beside the talk's verbatim query
        Assert.Contains("\"verb\":\"insights\"", journal);
        Assert.Contains("\"verb\":\"connect cloudtrail\"", journal);
        Assert.Contains("finding logs-1 recorded: dev-intern's access key was used from 198.51.100.23", journal);

        // The write-up: the case's entities with their sources, each phase's finding once, and what every plan did.
        var report = File.ReadAllText(Path.Combine(caseFolder, "report.md"));
        var context = report[report.IndexOf("## Case context", StringComparison.Ordinal)..report.IndexOf("## Findings", StringComparison.Ordinal)];
        Assert.Contains("| pod | default/sysdiag | guardduty: PrivilegeEscalation:Kubernetes/PrivilegedContainer", context);
        Assert.Contains("| instance | i-0c7d2e91b4a6f3508 | k8s pod: pod default/sysdiag", context);
        Assert.Contains("| host-pid | 5310 | pstree:", context);
        Assert.Contains("| access-key | AKIA5DEVINTERN7EXMPL | CloudTrail:", context);
        var findings = report[report.IndexOf("## Findings", StringComparison.Ordinal)..];
        Assert.All(new[] { "identification-1", "disk-1", "memory-1", "logs-1" },
            id => Assert.Single(System.Text.RegularExpressions.Regex.Matches(findings, $"\n### [0-9]+\\. .*\\({id}\\)\n")));
        Assert.Contains("dry run only", report);

        // What each changed parameter names is what was read, and nothing from the default it replaced.
        var entries = new EksIr.Core.Cases.CaseJournal(Path.Combine(caseFolder, "journal.jsonl")).Read().Entries;
        Assert.All(entries, e => Assert.Equal(evidence, e.EvidenceRoot));
        // (The write-up and a finding read the evidence folder's usual places themselves, for the timeline: not a phase's parameter.)
        var reads = entries.Where(e => e.Verb is not ("case report" or "finding")).SelectMany(e => e.EvidenceRead.Select(r => (e.Verb, r.Path))).ToList();
        foreach (var (copy, original) in new[] { ("cluster-copy/", "cluster/"), ("aws-copy/", "aws/"), ("volatility-copy/", "memory/volatility/"), ("memory-copy/", "memory/ip-") })
        {
            Assert.Contains(reads, r => r.Path.StartsWith(copy, StringComparison.Ordinal));
            Assert.DoesNotContain(reads, r => r.Path.StartsWith(original, StringComparison.Ordinal));
        }

        Assert.Contains(reads, r => r == ("acquire volumes", "aws-copy/describe-snapshots.json"));

        string[] diskVerbs = ["status", "containers", "images", "history", "logs", "diff", "layers", "ls", "cat", "export", "timeline"];
        Assert.Contains(reads, r => diskVerbs.Contains(r.Verb) && r.Path.StartsWith("node-copy/", StringComparison.Ordinal));
        Assert.DoesNotContain(reads, r => diskVerbs.Contains(r.Verb) && r.Path.StartsWith("node/", StringComparison.Ordinal));

        // Each phase's page and the write-up, as a reader's window shows them: every table's columns in sight, one time format.
        await PageLayout.AssertReadableAsync([
            .. new[] { "01", "02", "03-again", "04-again", "05", "06" }.Select(run => ($"phase-{run}", Path.Combine(repo, "out", $"{run}.html"))),
            ("phases-report", Path.Combine(caseFolder, "report.html"))]);
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyTree(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    /// <summary>The phase playbooks in the order an investigation runs them.</summary>
    private static readonly string[] Phases =
        ["01-identification.ipynb", "02-acquisition.ipynb", "03-containment.ipynb", "04-disk-analysis.ipynb", "05-memory-analysis.ipynb", "06-log-analysis.ipynb"];

    [Fact]
    public async Task The_training_walkthrough_checks_each_answer_leaves_the_findings_to_the_analyst_and_writes_the_report()
    {
        var repo = StageRepository("training/eks-incident-walkthrough.ipynb");
        var answers = TrainingNotebooks.SolutionAnswers();
        var right = answers.SelectMany(a => new[] { "-p", $"{a.Key}={a.Value}" }).ToArray();

        var solved = await ProcessRun.EksirAsync(repo, ["run", "notebooks/training/eks-incident-walkthrough.ipynb", .. right, "-o", "out/solved.ipynb", "--html", "out/solved.html"]);
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

        await PageLayout.AssertReadableAsync(("walkthrough-solved", Path.Combine(repo, "out", "solved.html")), ("walkthrough-report", Path.Combine(caseFolder, "report.html")));
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
