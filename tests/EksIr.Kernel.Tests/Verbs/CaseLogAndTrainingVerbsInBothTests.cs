using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EksIr.Core.Cases;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Verbs;

/// <summary>
/// The case's verbs, the one-shot log query and the answer check, declared once: the command line in a case (--journal)
/// reads and writes the journal as a notebook does, a wrong answer is a verdict in both (the cell runs on, the command
/// line exits 1), and a Logs Insights query given whole runs in a cell as on the command line.
/// </summary>
public sealed class CaseLogAndTrainingVerbsInBothTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample() => Repo.Path("sample-data", "incident-1");

    [Fact]
    public async Task Case_status_and_report_from_the_command_line_read_and_journal_what_a_notebook_does()
    {
        var evidence = Path.GetDirectoryName(Path.GetDirectoryName(_temp.Write("evidence/guardduty/finding.json", "{\"findings\":[]}")))!;
        var report = _temp.Combine("out", "INC-51.html");
        var (kernel, notebookJournal, cliJournal) = await OpenBothAsync("INC-51", evidence);
        KernelCommandResult status, written;
        using (kernel)
        {
            status = await kernel.SubmitCodeAsync("#!case status --last 1");
            written = await kernel.SubmitCodeAsync($"#!case report --out \"{report}\"");
        }

        var cliStatus = await ProcessRun.EksirAsync(_temp.Path, "case", "status", "--journal", cliJournal, "--last", "1");
        var cliReport = await ProcessRun.EksirAsync(_temp.Path, "case", "report", "--journal", cliJournal, "--out", report);
        var noCase = await ProcessRun.EksirAsync(_temp.Path, "case", "report", "--out", report);

        status.ShouldSucceed();
        written.ShouldSucceed();
        Assert.True(cliStatus.ExitCode == 0, cliStatus.ToString());
        Assert.Contains("case open", cliStatus.StdOut);
        Assert.True(cliReport.ExitCode == 0, cliReport.ToString());
        Assert.Contains("<h1>Case INC-51 — incident report</h1>", File.ReadAllText(report));
        // A status only reads the journal: neither front end journals it; a report is journaled the same by both.
        Assert.Equal(["case open", "case report"], new CaseJournal(notebookJournal).Read().Entries.Select(e => e.Verb));
        Assert.Equal(["case open", "case report"], new CaseJournal(cliJournal).Read().Entries.Select(e => e.Verb));
        var fromNotebook = new CaseJournal(notebookJournal).Read().Entries[^1];
        var fromCli = new CaseJournal(cliJournal).Read().Entries[^1];
        Assert.Equal(new Dictionary<string, string> { ["--out"] = report }, fromCli.Options);
        Assert.StartsWith($"wrote {report} and INC-51.md (", fromCli.Summary);
        Assert.Contains(fromCli.EvidenceRead, r => r.Path == "guardduty/finding.json" && r.Sha256 is not null);
        Assert.Equal(Comparable(fromNotebook), Comparable(fromCli));
        Assert.Equal(2, noCase.ExitCode);
        Assert.Contains("case report: the write-up is made from the case's journal: give --journal FILE", noCase.StdErr);
    }

    [Fact]
    public async Task A_wrong_answer_is_a_verdict_in_both_the_cell_runs_on_the_command_line_exits_1_and_both_journal_it_alike()
    {
        var evidence = Directory.CreateDirectory(_temp.Combine("evidence")).FullName;
        // The exercise's value: the SHA-256 of "eksir-training:<question>:<the answer's normal form>" (a time: UTC HH:mm:ss).
        var expect = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("eksir-training:5:06:23:31")));
        var (kernel, notebookJournal, cliJournal) = await OpenBothAsync("INC-52", evidence);
        KernelCommandResult wrong, author;
        using (kernel)
        {
            wrong = await kernel.SubmitCodeAsync($"#!check --question 5 --answer 06:24:05 --kind time --expect {expect} --hint \"the first exec\"");
            author = await kernel.SubmitCodeAsync("#!check --question 5 --answer 2026-11-29T06:23:31.390Z --kind time");
        }

        var cliWrong = await ProcessRun.EksirAsync(_temp.Path, "check", "5", "06:24:05", "--kind", "time", "--expect", expect, "--hint", "the first exec", "--journal", cliJournal);
        var cliAuthor = await ProcessRun.EksirAsync(_temp.Path, "check", "5", "2026-11-29T06:23:31.390Z", "--kind", "time");

        wrong.ShouldSucceed();
        Assert.Equal("question 5: not yet — '06:24:05' is not the answer; hint: the first exec", Last(wrong, "text/plain"));
        Assert.Equal((1, "question 5: not yet — '06:24:05' is not the answer; hint: the first exec\n"), (cliWrong.ExitCode, cliWrong.StdOut));
        author.ShouldSucceed();
        Assert.Equal(expect, Last(author, "text/plain"));
        Assert.Equal((0, expect + "\n"), (cliAuthor.ExitCode, cliAuthor.StdOut));
        var fromNotebook = new CaseJournal(notebookJournal).Read().Entries[1];
        var fromCli = new CaseJournal(cliJournal).Read().Entries[^1];
        Assert.Equal(("check", JournalOutcome.Ok), (fromCli.Verb, fromCli.Outcome));
        Assert.Equal(Comparable(fromNotebook), Comparable(fromCli));
    }

    [Fact]
    public async Task A_Logs_Insights_query_given_whole_runs_in_a_cell_as_on_the_command_line_and_both_journal_it_alike()
    {
        var (kernel, notebookJournal, cliJournal) = await OpenBothAsync("INC-53", Sample());
        KernelCommandResult cell;
        using (kernel)
        {
            cell = await kernel.SubmitCodeAsync("#!insights --logs control-plane --template who-created-pod --param pod=default/sysdiag");
        }

        var cli = await ProcessRun.EksirAsync(_temp.Path, "insights", "--logs", Path.Combine(Sample(), "control-plane"), "--template", "who-created-pod",
            "--param", "pod=default/sysdiag", "--journal", cliJournal);

        cell.ShouldSucceed();
        // The pod was created by the intern whose access key the sample's authenticator log maps (control-plane/filter-log-events-authenticator.json).
        Assert.Contains("AKIA5DEVINTERN7EXMPL", Last(cell, "text/plain"));
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("AKIA5DEVINTERN7EXMPL", cli.StdOut);
        var fromNotebook = new CaseJournal(notebookJournal).Read().Entries[^1];
        var fromCli = new CaseJournal(cliJournal).Read().Entries[^1];
        Assert.Equal(("insights", "control-plane", "pod=default/sysdiag"), (fromCli.Verb, fromCli.Options["--logs"], fromCli.Options["--param"]));
        Assert.NotEmpty(fromCli.EvidenceRead);
        Assert.Equal(Comparable(fromNotebook), Comparable(fromCli));
    }

    [Fact]
    public async Task Sql_has_no_magic_command_of_its_own_and_runs_in_a_case_from_the_command_line()
    {
        var (kernel, _, cliJournal) = await OpenBothAsync("INC-54", Sample());
        KernelCommandResult cell;
        using (kernel)
        {
            cell = await kernel.SubmitCodeAsync("#!sql --cloudtrail cloudtrail \"SELECT count(*) AS n FROM cloudtrail\"");
        }

        var cli = await ProcessRun.EksirAsync(_temp.Path, "sql", "--cloudtrail", Path.Combine(Sample(), "cloudtrail"), "--json", "--journal", cliJournal,
            "SELECT eventname FROM cloudtrail WHERE sourceipaddress = '203.0.113.50' ORDER BY eventname");

        Assert.NotEmpty(cell.Events.OfType<CommandFailed>());
        Assert.True(cli.ExitCode == 0, cli.ToString());
        // The four calls from the attacker's address in the sample's CloudTrail (as eksir sql's own test has them).
        Assert.Equal(["DescribeInstances", "GetCallerIdentity", "ListBuckets", "RunInstances"],
            JsonDocument.Parse(cli.StdOut).RootElement.EnumerateArray().Select(r => r.GetProperty("eventname").GetString()));
        var entry = new CaseJournal(cliJournal).Read().Entries[^1];
        Assert.Equal(("sql", "cloudtrail", JournalOutcome.Ok), (entry.Verb, entry.Options["--cloudtrail"], entry.Outcome));
        Assert.StartsWith("4 rows; read ", entry.Summary);
        Assert.Contains(entry.EvidenceRead, r => r.Path.StartsWith("cloudtrail/", StringComparison.Ordinal));
    }

    private async Task<(CompositeKernel Kernel, string NotebookJournal, string CliJournal)> OpenBothAsync(string name, string evidence)
    {
        var notebookJournal = _temp.Combine("notebook", "journal.jsonl");
        var cliJournal = _temp.Combine("cli", "journal.jsonl");
        var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name {name} --evidence \"{evidence}\" --journal \"{notebookJournal}\"")).ShouldSucceed();
        var opened = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", name, "--evidence", evidence, "--journal", cliJournal);
        Assert.True(opened.ExitCode == 0, opened.ToString());
        return (kernel, notebookJournal, cliJournal);
    }

    private static string Last(KernelCommandResult result, string mime) =>
        result.Events.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(v => v.MimeType == mime).Value;

    /// <summary>An entry without what differs by who and when: its time, analyst and host.</summary>
    private static string Comparable(JournalEntry entry) =>
        JsonSerializer.Serialize(entry with { Time = default, Analyst = "", Host = "" });
}
