using EksIr.Core.Cases;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Investigation;

/// <summary>
/// Findings that stay true across a case: running the same finding cell again updates it instead of adding it twice,
/// a finding can be superseded or retracted with a reason (journaled), and the report shows the current findings and,
/// beside the actions, every change to them.
/// </summary>
public sealed class FindingLifecycleTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_finding_recorded_twice_is_one_finding_superseded_and_retracted_ones_leave_the_report_but_stay_in_its_history()
    {
        var journal = _temp.Combine("case", "journal.jsonl");
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-16 --evidence {Repo.Path("sample-data", "incident-1")} --journal {journal}")).ShouldSucceed();

        // The sample's outsider address (sample-data/incident-1/cloudtrail) is an entity of its timeline.
        const string leak = "#!finding --title \"Access key used from 198.51.100.23\" --entity 198.51.100.23";
        (await kernel.SubmitCodeAsync(leak)).ShouldSucceed();
        (await kernel.SubmitCodeAsync(leak)).ShouldSucceed(); // the playbook run again
        (await kernel.SubmitCodeAsync("#!finding --id F2 --title \"Pod sysdiag was created\" --entity sysdiag")).ShouldSucceed();
        (await kernel.SubmitCodeAsync("#!finding --id F3 --title \"The privileged pod sysdiag was created by dev-intern\" --entity sysdiag --supersedes F2 --reason \"who created it, from the audit log\"")).ShouldSucceed();
        (await kernel.SubmitCodeAsync("#!finding --id F4 --title \"Node role key used outside\" --entity ASIA5NODEROLE7STOLEN")).ShouldSucceed();
        (await kernel.SubmitCodeAsync("#!finding --id F4 --retract --reason \"a test finding, recorded by mistake\"")).ShouldSucceed();
        var twice = await kernel.SubmitCodeAsync("#!finding --id F4 --retract --reason again");
        var unknown = await kernel.SubmitCodeAsync("#!finding --id F9 --retract --reason x");
        var noReason = await kernel.SubmitCodeAsync("#!finding --id F5 --title \"x\" --entity sysdiag --supersedes F3");
        var report = await kernel.SubmitCodeAsync($"#!case report --out {_temp.Combine("report.html")}");

        Assert.Contains("cannot retract F4: it is already retracted", Failure(twice));
        Assert.Contains("cannot retract F9: no such finding in this case", Failure(unknown));
        Assert.Contains("say why it supersedes F3 with --reason", Failure(noReason));
        report.ShouldSucceed();
        var markdown = File.ReadAllText(_temp.Combine("report.md"));
        var findings = markdown[markdown.IndexOf("## Findings", StringComparison.Ordinal)..markdown.IndexOf("## Timeline", StringComparison.Ordinal)];
        Assert.Equal(2, findings.Split("\n### ").Length - 1); // the leak once, and F3
        Assert.Contains("Access key used from 198.51.100.23", findings);
        Assert.Contains("### 2. The privileged pod sysdiag was created by dev-intern (F3)", findings);
        Assert.DoesNotContain("Pod sysdiag was created (F2)", findings);
        Assert.DoesNotContain("Node role key used outside", findings);
        var history = markdown[markdown.IndexOf("### Finding history", StringComparison.Ordinal)..];
        Assert.Contains("| F2 | superseded by F3 | who created it, from the audit log |", history);
        Assert.Contains("| F4 | retracted | a test finding, recorded by mistake |", history);
        Assert.Contains(" | updated | ", history); // the leak's second run
        var entries = new CaseJournal(journal).Read().Entries.Where(e => e.Verb == "finding").ToList();
        Assert.Equal(9, entries.Count); // every attempt journaled, the three refused ones as failed
        Assert.Equal(3, entries.Count(e => e.Outcome == JournalOutcome.Failed));
    }

    private static string Failure(KernelCommandResult result) => Assert.Single(result.Events.OfType<CommandFailed>()).Message;
}
