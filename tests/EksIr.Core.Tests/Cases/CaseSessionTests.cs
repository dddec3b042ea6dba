using System.Security.Cryptography;
using EksIr.Core.Cases;
using EksIr.Tests;

namespace EksIr.Core.Tests.Cases;

public sealed class CaseSessionTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    public CaseSessionTests()
    {
        _temp.Write("evidence/guardduty/finding.json", "{\"findings\":[]}");
        _temp.Write("evidence/logs/audit.log", "line\n");
    }

    public void Dispose() => _temp.Dispose();

    private (CaseSession, EvidenceInventory) Open(string name = "INC-2026-001", string? journal = null, string? caseDir = null, bool hash = false) =>
        CaseSession.Open(new CaseOpenRequest(name, "evidence", journal, caseDir, hash), _clock, "alice", "ws-1", _temp.Path);

    [Fact]
    public void The_intake_names_what_the_evidence_walk_could_not_go_below_and_counts_the_rest()
    {
        DeepDirectory.Make(Directory.CreateDirectory(_temp.Combine("evidence", "deep")).FullName, "d", EksIr.Core.FileSystems.PathDepth.MaxComponents + 6);

        var (_, inventory) = Open(hash: true);

        Assert.Equal((2, 2), (inventory.Files, inventory.Hashed));
        var unreadable = Assert.Single(inventory.Unreadable);
        Assert.StartsWith("deep/d/d/", unreadable);
        Assert.EndsWith(": deeper than 1024 path components below the walk's start; not followed", unreadable);
    }

    [Fact]
    public void Opening_a_case_journals_who_when_and_what_evidence_it_covers()
    {
        var (session, inventory) = Open(hash: true);

        Assert.Equal(_temp.Combine("cases", "INC-2026-001", "journal.jsonl"), session.Journal.Path);
        Assert.Equal(2, inventory.Files);
        Assert.Equal(2, inventory.Hashed);
        var entry = Assert.Single(session.Journal.Read().Entries);
        Assert.Equal("case open", entry.Verb);
        Assert.Equal("alice", entry.Analyst);
        Assert.Equal(_clock.GetUtcNow(), entry.Time);
        Assert.Equal(_temp.Combine("evidence"), entry.EvidenceRoot);
        Assert.Equal("true", entry.Options["--hash"]);
        var finding = Assert.Single(entry.EvidenceRead, r => r.Path == "guardduty/finding.json");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_temp.Combine("evidence", "guardduty", "finding.json")))), finding.Sha256);
    }

    [Fact]
    public void Without_hash_nothing_is_read_and_the_manifest_stays_empty()
    {
        var (session, inventory) = Open();

        Assert.Equal(0, inventory.Hashed);
        Assert.Empty(Assert.Single(session.Journal.Read().Entries).EvidenceRead);
    }

    [Fact]
    public void Reopening_a_case_appends_to_its_journal()
    {
        Open();
        _clock.Advance(TimeSpan.FromMinutes(5));
        var (session, _) = Open();

        Assert.Equal(2, session.Journal.Read().Entries.Count);
    }

    [Fact]
    public void A_case_opened_with_only_a_journal_keeps_its_folder_beside_the_journal_as_when_it_is_reopened()
    {
        var (opened, _) = Open(journal: "elsewhere/inc.jsonl");
        var resumed = CaseSession.Resume(_temp.Combine("elsewhere", "inc.jsonl"), _clock, "alice", "ws-1");

        Assert.Equal(_temp.Combine("elsewhere"), opened.CaseDirectory);
        Assert.Equal(resumed.CaseDirectory, opened.CaseDirectory);
        Assert.False(Directory.Exists(_temp.Combine("cases")));
    }

    [Theory]
    [InlineData("evidence/journal.jsonl", null)]
    [InlineData(null, "evidence/case")]
    [InlineData(null, "evidence")]
    [InlineData("evidence/..journal.jsonl", null)] // a name starting with ".." is still inside
    public void A_journal_or_case_folder_inside_the_evidence_is_refused(string? journal, string? caseDir)
    {
        var error = Assert.Throws<CaseException>(() => Open(journal: journal, caseDir: caseDir));

        Assert.Contains("inside the evidence folder", error.Message);
        Assert.False(File.Exists(_temp.Combine("evidence", "journal.jsonl")));
        Assert.False(Directory.Exists(_temp.Combine("evidence", "case")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("INC 1")]
    [InlineData(".hidden")]
    public void Case_names_that_are_not_safe_folder_names_are_refused(string name)
    {
        Assert.Throws<CaseException>(() => Open(name));
    }

    [Fact]
    public void A_missing_evidence_folder_is_named_in_the_error()
    {
        var error = Assert.Throws<CaseException>(() =>
            CaseSession.Open(new CaseOpenRequest("INC-1", "no-such-evidence"), _clock, "a", "h", _temp.Path));

        Assert.Equal("no-such-evidence: evidence folder does not exist", error.Message);
    }

    [Fact]
    public void Status_and_the_reports_journal_sections_tell_the_case_from_its_journal()
    {
        var (session, _) = Open(hash: true);
        _clock.Advance(TimeSpan.FromMinutes(1));
        session.Record("containers", new Dictionary<string, string>(), JournalOutcome.Failed, "var/lib/docker: <not found>");

        var status = CaseStatus.FromJournal(session.Journal.Path);
        Assert.Equal(2, status.Actions);
        Assert.Equal(1, status.FailedActions);
        Assert.Equal(["guardduty/finding.json", "logs/audit.log"], status.EvidenceManifest.Select(f => f.Path));

        var actions = EksIr.Reporting.CaseReportHtml.Actions(status) + EksIr.Reporting.CaseReportHtml.Manifest(status);
        Assert.Contains("var/lib/docker: &lt;not found&gt;", actions); // evidence text is encoded, never markup
        Assert.Contains(status.EvidenceManifest[0].Sha256!, actions);
    }

    [Fact]
    public void A_file_that_changed_between_reads_is_flagged_in_the_manifest()
    {
        var (session, _) = Open(hash: true);
        File.AppendAllText(_temp.Combine("evidence", "logs", "audit.log"), "tampered\n");
        using (var stream = session.Evidence.OpenRead("logs/audit.log"))
        {
            stream.CopyTo(Stream.Null);
        }

        session.Record("logs", new Dictionary<string, string>(), JournalOutcome.Ok, "read");

        var manifest = CaseStatus.FromJournal(session.Journal.Path).EvidenceManifest;
        Assert.True(Assert.Single(manifest, f => f.Path == "logs/audit.log").HashConflict);
        Assert.False(Assert.Single(manifest, f => f.Path == "guardduty/finding.json").HashConflict);
    }
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
