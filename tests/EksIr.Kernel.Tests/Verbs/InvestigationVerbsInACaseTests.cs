using System.Text.Json;
using EksIr.Core.Cases;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Verbs;

/// <summary>
/// The identification and across-sources verbs declared once: eksir run in a case (--journal) journals the line a
/// notebook journals for the same call, a list option is the same given comma-separated in a cell or repeated on the
/// command line, and the super-timeline of a case is over the case's evidence (the write-up builds it there again).
/// </summary>
public sealed class InvestigationVerbsInACaseTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample() => Repo.Path("sample-data", "incident-1");

    [Fact]
    public async Task Eksir_guardduty_in_a_case_journals_the_line_the_notebook_journals()
    {
        var (kernel, notebookJournal, cliJournal) = await OpenBothAsync("INC-41");
        using (kernel)
        {
            (await kernel.SubmitCodeAsync("#!guardduty guardduty")).ShouldSucceed();
        }

        var listed = await ProcessRun.EksirAsync(_temp.Path, "guardduty", Path.Combine(Sample(), "guardduty"), "--journal", cliJournal);

        Assert.True(listed.ExitCode == 0, listed.ToString());
        var fromNotebook = new CaseJournal(notebookJournal).Read().Entries[^1];
        var fromCli = new CaseJournal(cliJournal).Read().Entries[^1];
        Assert.Equal(("guardduty", JournalOutcome.Ok), (fromCli.Verb, fromCli.Outcome));
        Assert.Equal(new Dictionary<string, string> { ["--file"] = "guardduty" }, fromCli.Options);
        // The sample's two findings (sample-data/incident-1/guardduty), each file read with its hash.
        Assert.Equal(2, Directory.GetFiles(Path.Combine(Sample(), "guardduty")).Length);
        Assert.Equal(2, fromCli.EvidenceRead.Count(r => r.Path.StartsWith("guardduty/", StringComparison.Ordinal) && r.Sha256 is not null));
        Assert.Equal(Comparable(fromNotebook), Comparable(fromCli));
    }

    [Fact]
    public async Task A_finding_cites_the_same_rows_given_comma_separated_in_a_cell_or_repeated_on_the_command_line()
    {
        var timeline = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--source", "cloudtrail", "--json");
        Assert.True(timeline.ExitCode == 0, timeline.ToString());
        using var rows = JsonDocument.Parse(timeline.StdOut);
        var ids = rows.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).Take(2).ToList();
        Assert.Equal(2, ids.Count);
        var (kernel, notebookJournal, cliJournal) = await OpenBothAsync("INC-42");
        using (kernel)
        {
            (await kernel.SubmitCodeAsync($"#!finding --title \"Two calls\" --rows {ids[0]},{ids[1]}")).ShouldSucceed();
        }

        var cited = await ProcessRun.EksirAsync(_temp.Path, "finding", "--title", "Two calls", "--rows", ids[0], "--rows", ids[1], "--journal", cliJournal);
        var noCase = await ProcessRun.EksirAsync(_temp.Path, "finding", "--title", "Nowhere");

        Assert.True(cited.ExitCode == 0, cited.ToString());
        var fromNotebook = new CaseJournal(notebookJournal).Read().Entries[^1];
        var fromCli = new CaseJournal(cliJournal).Read().Entries[^1];
        // Without --id a finding's id is F- and six hex digits of its title's SHA-256 (case and spacing ignored).
        var id = "F-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("two calls"u8.ToArray()))[..6];
        Assert.Equal(("finding", $"finding {id} recorded: Two calls (2 rows of evidence)"), (fromCli.Verb, fromCli.Summary));
        Assert.Equal($"{ids[0]},{ids[1]}", fromCli.Options["--rows"]);
        Assert.Equal(Comparable(fromNotebook), Comparable(fromCli));
        Assert.Equal(2, noCase.ExitCode);
        Assert.Contains("finding: a finding is recorded in a case: give --journal FILE", noCase.StdErr);
    }

    [Fact]
    public async Task The_super_timeline_of_a_case_is_over_its_evidence_and_a_subfolder_is_refused_and_journaled()
    {
        var (kernel, notebookJournal, cliJournal) = await OpenBothAsync("INC-43");
        KernelCommandResult refused;
        using (kernel)
        {
            refused = await kernel.SubmitCodeAsync("#!supertimeline --evidence guardduty");
        }

        var refusedCli = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Path.Combine(Sample(), "guardduty"), "--journal", cliJournal);

        Assert.Contains("in a case the timeline is over the case's evidence folder", Assert.Single(refused.Events.OfType<CommandFailed>()).Message);
        Assert.Equal(1, refusedCli.ExitCode);
        Assert.Contains("in a case the timeline is over the case's evidence folder", refusedCli.StdErr);
        foreach (var journal in new[] { notebookJournal, cliJournal })
        {
            var entry = new CaseJournal(journal).Read().Entries[^1];
            Assert.Equal(("supertimeline", JournalOutcome.Failed, "guardduty"), (entry.Verb, entry.Outcome, entry.Options["--evidence"]));
        }
    }

    /// <summary>The same case opened in a notebook and by eksir over the sample incident, each with its own journal.</summary>
    private async Task<(CompositeKernel Kernel, string NotebookJournal, string CliJournal)> OpenBothAsync(string name)
    {
        var notebookJournal = _temp.Combine("notebook", "journal.jsonl");
        var cliJournal = _temp.Combine("cli", "journal.jsonl");
        var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name {name} --evidence \"{Sample()}\" --journal \"{notebookJournal}\"")).ShouldSucceed();
        var opened = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", name, "--evidence", Sample(), "--journal", cliJournal);
        Assert.True(opened.ExitCode == 0, opened.ToString());
        return (kernel, notebookJournal, cliJournal);
    }

    /// <summary>An entry without what differs by who and when: its time, analyst and host.</summary>
    private static string Comparable(JournalEntry entry) =>
        JsonSerializer.Serialize(entry with { Time = default, Analyst = "", Host = "" });
}
