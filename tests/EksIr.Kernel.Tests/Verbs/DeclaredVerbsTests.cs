using System.Text.Json;
using EksIr.Core.Cases;
using EksIr.Disk.Containers.Containerd;
using EksIr.Tests;
using EksIr.Verbs;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Tests.Verbs;

/// <summary>
/// Each verb declared once (EksIr.Verbs) is a magic command and an eksir verb with the same options, kinds, defaults
/// and help; every magic command the extension adds and every eksir verb is a declared verb, or one front end's only
/// with the reason said here; and eksir run in a case (--journal) writes the journal line a notebook writes for the same call.
/// </summary>
public sealed partial class DeclaredVerbsTests : IDisposable
{
    /// <summary>The notebook's commands that are no declared verb, and why.</summary>
    private static readonly Dictionary<string, string> NotebookOnly = new(StringComparer.Ordinal)
    {
        ["#!connect cloudtrail"] = "a query kernel over a CloudTrail export: a cell per SQL query (one query given whole: eksir sql)",
        ["#!connect athena"] = "a query kernel on live Athena: a cell per SQL query (one query given whole: eksir sql --athena)",
        ["#!connect insights"] = "a query kernel over control-plane logs, exported or live: a cell per Logs Insights query (one query given whole: #!insights)",
        ["#!query-kernel cloudtrail"] = "#!connect cloudtrail as the extension's own command, which the tool does not remember (a quote in what it remembers hangs the next #!connect)",
        ["#!query-kernel athena"] = "#!connect athena as the extension's own command, which the tool does not remember",
        ["#!query-kernel insights"] = "#!connect insights as the extension's own command, which the tool does not remember",
    };

    /// <summary>The command line's verbs that are no declared verb, and why.</summary>
    private static readonly Dictionary<string, string> CommandLineOnly = new(StringComparer.Ordinal)
    {
        ["run"] = "a command line runs a notebook; a notebook is what runs",
    };

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_magic_command_and_every_eksir_verb_is_a_declared_verb_or_one_front_ends_only_for_a_reason_said()
    {
        using var kernel = new CompositeKernel { new CSharpKernel().UseValueSharing() };
        var before = kernel.KernelInfo.SupportedDirectives.ToHashSet();
        await new EksIrKernelExtension().OnLoadAsync(kernel);
        var magic = Banner.For(kernel.KernelInfo.SupportedDirectives.Where(d => !before.Contains(d))).Commands;
        var help = await ProcessRun.EksirAsync(_temp.Path, "--help");
        var eksir = help.StdOut.Split('\n').Select(l => VerbLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

        Assert.True(help.ExitCode == 0, help.ToString());
        var inBoth = VerbCatalog.All.Where(v => v.CommandLineOnly is null).Select(v => v.Name).ToList();
        var onlyDeclaredForTheCommandLine = VerbCatalog.All.Where(v => v.CommandLineOnly is not null).Select(v => v.Name).ToList();
        Assert.Equal(magic.Order(StringComparer.Ordinal), inBoth.Select(n => "#!" + n).Concat(NotebookOnly.Keys).Order(StringComparer.Ordinal));
        Assert.Equal(eksir.Order(StringComparer.Ordinal), inBoth.Concat(onlyDeclaredForTheCommandLine).Concat(CommandLineOnly.Keys).Order(StringComparer.Ordinal));
        Assert.All(VerbCatalog.All.Where(v => v.CommandLineOnly is not null), v => Assert.False(string.IsNullOrWhiteSpace(v.CommandLineOnly)));
        Assert.Equal(["sql"], onlyDeclaredForTheCommandLine); // #!sql is .NET Interactive's own SQL kernel in the dotnet-interactive tool
    }

    [Fact]
    public async Task Every_declared_verb_is_a_magic_command_with_the_declared_options()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var directives = kernel.KernelInfo.SupportedDirectives.OfType<KernelActionDirective>().ToDictionary(d => d.Name, StringComparer.Ordinal);

        Assert.NotEmpty(VerbCatalog.All);
        foreach (var verb in VerbCatalog.All)
        {
            if (verb.CommandLineOnly is not null)
            {
                Assert.DoesNotContain("#!" + verb.Name, directives.Keys);
                continue;
            }

            var directive = verb.Group is { } group
                ? Assert.Single(directives["#!" + group].Subcommands, s => s.Name == verb.Name[(group.Length + 1)..])
                : Assert.Contains("#!" + verb.Name, directives);
            Assert.Equal(verb.Summary, directive.Description);
            Assert.Equal(
                verb.Options.Select(o => (o.Name, o.Described, o.Required, Flag: o.Kind == VerbOptionKind.Flag, o.Implicit)),
                directive.Parameters.Select(p => (p.Name, p.Description!, p.Required, p.Flag, p.AllowImplicitName)));
        }
    }

    [Fact]
    public async Task A_verb_of_two_words_is_a_subcommand_of_its_group_bound_and_journaled_like_any_other()
    {
        var evidence = Directory.CreateDirectory(_temp.Combine("evidence")).FullName;
        var journal = _temp.Combine("journal.jsonl");
        var echo = new Verb<string>("case echo", "says its text", [new VerbOption("--text", "what to say", Required: true, Implicit: true)],
            call => "said " + call.Arguments.Required("--text"), r => r, _ => [], (r, _) => r, r => r, "the text");
        var current = new CurrentCase();
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-7 --evidence {evidence} --journal {journal}")).ShouldSucceed();
        Kernel.Verbs.DeclaredDirectives.Register(kernel, current, TimeProvider.System, [echo]);
        current.Session = CaseSession.Resume(journal, TimeProvider.System, "analyst", "host");

        var said = await kernel.SubmitCodeAsync("#!case echo hello");

        said.ShouldSucceed();
        Assert.Equal("said hello", said.SingleDisplayedText());
        var group = kernel.KernelInfo.SupportedDirectives.OfType<KernelActionDirective>().Single(d => d.Name == "#!case");
        Assert.Contains(group.Subcommands, s => s.Name == "echo" && s.Description == "says its text");
        var entry = new CaseJournal(journal).Read().Entries[^1];
        Assert.Equal(("case echo", "hello", "said hello"), (entry.Verb, entry.Options["--text"], entry.Summary));
    }

    [Fact]
    public async Task Every_declared_verb_is_an_eksir_verb_whose_help_gives_the_declared_options_and_defaults()
    {
        foreach (var verb in VerbCatalog.All)
        {
            var help = await ProcessRun.EksirAsync(_temp.Path, [.. verb.Name.Split(' '), "--help"]);

            Assert.True(help.ExitCode == 0, help.ToString());
            var usage = help.StdOut.Split('\n')[0];
            Assert.StartsWith($"usage: eksir {verb.Name} {string.Join(' ', verb.Options.Where(o => o.Positional).Select(o => o.Placeholder))}", usage);
            foreach (var option in verb.Options.Where(o => !o.Positional))
            {
                Assert.Contains($"  {option.Name,-22} {option.Described}\n", help.StdOut);
                Assert.Contains(option.Required ? $" {option.Name} " : $"[{option.Name}", usage);
            }
        }
    }

    [Fact]
    public async Task Eksir_in_a_case_writes_the_journal_line_a_notebook_writes_for_the_same_call()
    {
        // A node whose containerd store is container-explorer's sample (tests/RealWorld/PROVENANCE.md).
        var evidence = _temp.Combine("evidence");
        var metaDb = Path.Combine(evidence, "node", ContainerdPaths.MetaDb);
        Directory.CreateDirectory(Path.GetDirectoryName(metaDb)!);
        File.Copy(Repo.Path("tests", "RealWorld", "containerd", "meta.db"), metaDb);
        var notebookJournal = _temp.Combine("notebook.jsonl");
        var cliJournal = _temp.Combine("cli.jsonl");
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-7 --evidence {evidence} --journal {notebookJournal}")).ShouldSucceed();
        (await kernel.SubmitCodeAsync("#!containers --root node")).ShouldSucceed();
        var opened = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-7", "--evidence", evidence, "--journal", cliJournal);
        Assert.True(opened.ExitCode == 0, opened.ToString());

        var listed = await ProcessRun.EksirAsync(_temp.Path, "containers", Path.Combine(evidence, "node"), "--journal", cliJournal);

        Assert.True(listed.ExitCode == 0, listed.ToString());
        var fromNotebook = new CaseJournal(notebookJournal).Read().Entries[^1];
        var fromCli = new CaseJournal(cliJournal).Read().Entries[^1];
        Assert.Equal("containers", fromCli.Verb);
        Assert.Equal(new Dictionary<string, string> { ["--root"] = "node" }, fromCli.Options);
        Assert.Contains(fromCli.EvidenceRead, r => r.Path == "node/" + ContainerdPaths.MetaDb && r.Sha256 is not null);
        Assert.Equal(Comparable(fromNotebook), Comparable(fromCli));
    }

    [Fact]
    public async Task Eksir_in_a_case_asks_a_cluster_snapshot_and_journals_the_line_a_notebook_writes_and_both_show_the_snapshots_problems()
    {
        // A support bundle's nodes and pods of a real cluster (replicatedhq/troubleshoot, tests/RealWorld/PROVENANCE.md):
        // five nodes' addresses redacted to ***HIDDEN*** (jq '.items[1:6][] | .metadata.name, .status.addresses' nodes.json),
        // and the pod random-pod-75b66db9b9-nqhp8 in default (jq '.items[0].metadata | .name, .namespace' pods.json).
        var evidence = _temp.Combine("evidence");
        Directory.CreateDirectory(Path.Combine(evidence, "cluster"));
        foreach (var file in new[] { "nodes.json", "pods.json" })
        {
            File.Copy(Repo.Path("tests", "RealWorld", "cluster", "troubleshoot-2025", file), Path.Combine(evidence, "cluster", file));
        }

        var notebookJournal = _temp.Combine("notebook.jsonl");
        var cliJournal = _temp.Combine("cli.jsonl");
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-7 --evidence {evidence} --journal {notebookJournal}")).ShouldSucceed();
        var shown = await kernel.SubmitCodeAsync("#!k8s pod random-pod-75b66db9b9-nqhp8 --snapshot cluster");
        var opened = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-7", "--evidence", evidence, "--journal", cliJournal);
        Assert.True(opened.ExitCode == 0, opened.ToString());

        var asked = await ProcessRun.EksirAsync(_temp.Path, "k8s", "pod", "random-pod-75b66db9b9-nqhp8", "--snapshot", Path.Combine(evidence, "cluster"), "--journal", cliJournal);

        shown.ShouldSucceed();
        Assert.True(asked.ExitCode == 0, asked.ToString());
        Assert.Contains("default/random-pod-75b66db9b9-nqhp8", asked.StdOut);
        var fromNotebook = new CaseJournal(notebookJournal).Read().Entries[^1];
        var fromCli = new CaseJournal(cliJournal).Read().Entries[^1];
        Assert.Equal("k8s pod", fromCli.Verb);
        Assert.Equal(new Dictionary<string, string> { ["--name"] = "random-pod-75b66db9b9-nqhp8", ["--snapshot"] = "cluster" }, fromCli.Options);
        Assert.Contains(fromCli.EvidenceRead, r => r.Path == "cluster/pods.json" && r.Sha256 is not null);
        Assert.Equal(Comparable(fromNotebook), Comparable(fromCli));
        Assert.Contains("warning: cluster/nodes.json: item 2: node biggernode-3i745: ", asked.StdErr);
        Assert.Contains("5 damaged or unreadable records skipped", asked.StdErr);
        Assert.Contains("cluster/nodes.json: item 2: node biggernode-3i745: ", shown.SingleDisplayedHtml());
        Assert.Contains("5 damaged or unreadable records skipped", shown.SingleDisplayedHtml());
    }

    [Fact]
    public async Task Eksir_in_a_case_refuses_a_root_outside_its_evidence_and_journals_the_failure()
    {
        var evidence = Directory.CreateDirectory(_temp.Combine("evidence")).FullName;
        var journal = _temp.Combine("cli.jsonl");
        Assert.Equal(0, (await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-8", "--evidence", evidence, "--journal", journal)).ExitCode);

        var refused = await ProcessRun.EksirAsync(_temp.Path, "containers", "/etc", "--journal", journal);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("/etc: outside the case's evidence folder", refused.StdErr);
        var entry = new CaseJournal(journal).Read().Entries[^1];
        Assert.Equal(("containers", JournalOutcome.Failed), (entry.Verb, entry.Outcome));
    }

    /// <summary>An entry without what differs by who and when: its time, analyst and host.</summary>
    private static string Comparable(JournalEntry entry) =>
        JsonSerializer.Serialize(entry with { Time = default, Analyst = "", Host = "" });

    /// <summary>An eksir verb in the help's list: its words, up to its first argument or option.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^  eksir ([a-z0-9][a-z0-9-]*(?: [a-z0-9][a-z0-9-]*)*)")]
    private static partial System.Text.RegularExpressions.Regex VerbLine();
}
