using System.Text.RegularExpressions;
using System.Xml.Linq;
using EksIr.Core.Cases;
using EksIr.Investigation.Timeline;
using EksIr.Investigation.WriteUp;

namespace EksIr.Investigation.Tests;

public sealed class WriteUpTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-11-29T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose() => _temp.Dispose();

    private CaseSession Open(string evidence)
    {
        var (session, _) = CaseSession.Open(new CaseOpenRequest("INC-7", evidence, CaseDirectory: _temp.Combine("case")), _clock, "analyst", "host", _temp.Path);
        return session;
    }

    [Fact]
    public async Task The_write_up_has_the_findings_with_their_evidence_rows_the_timeline_entities_journal_and_manifest_in_html_and_markdown()
    {
        var session = Open(Repo.Path("sample-data", "incident-1"));
        var timeline = await SampleIncident.Timeline;
        var exec = timeline.Where(source: TimelineSources.Audit).First(e => e.Action == "create pods/exec");
        var finding = CaseFinding.Check(timeline, new FindingLedger(), new FindingRequest("Dropper exec'd into <sysdiag> | by dev-intern", "the *first* exec", exec.Id));
        session.Record(CaseFinding.Verb, finding.Finding.Options(), JournalOutcome.Ok, finding.Summary);
        session.Record(CaseFinding.Verb, CaseFinding.Check(timeline, new FindingLedger(), new FindingRequest("Node role key used outside", Entity: "ASIA5NODEROLE7STOLEN")).Finding.Options(), JournalOutcome.Ok, "f2");
        var shown = await new IncidentInvestigation().ShowAsync(session.Evidence, new TimelineRequest("2026-11-29T06:19:00Z", "2026-11-29T06:45:00Z"));
        session.Record("supertimeline", new Dictionary<string, string> { ["--start"] = "2026-11-29T06:19:00Z", ["--end"] = "2026-11-29T06:45:00Z" }, JournalOutcome.Ok, shown.Summary);

        var written = await IncidentWriteUp.WriteAsync(session.Journal.Path, null, _clock, _temp.Path);

        Assert.Equal((_temp.Combine("case", "report.html"), _temp.Combine("case", "report.md"), 2), (written.Path, written.MarkdownPath, written.Findings));
        var html = File.ReadAllText(written.Path);
        foreach (var section in new[] { "<h2>Summary</h2>", "<h2>Findings</h2>", "<h2>Timeline</h2>", "<h2>Entities</h2>", "<h2>Actions</h2>", "<h2>Evidence manifest</h2>" })
        {
            Assert.Contains(section, html);
        }

        Assert.Contains("Dropper exec&#39;d into &lt;sysdiag&gt; | by dev-intern", html); // evidence and analyst text encoded, never markup
        Assert.Contains($">{exec.Id}</td>", html);
        Assert.Contains("class=\"eksir-swimlanes\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotMatch(new Regex("(src|href)=\"https?:"), html); // nothing fetched: opens offline
        var inWindow = timeline.Where(window: new TimelineRequest("2026-11-29T06:19:00Z", "2026-11-29T06:45:00Z").Window()).Count();
        Assert.Equal(inWindow, written.TimelineRows); // the timeline as the journal's last supertimeline asked for it
        Assert.Contains("ASIA5NODEROLE7STOLEN", html);

        var md = File.ReadAllText(written.MarkdownPath!);
        Assert.Contains("### 1. Dropper exec'd into &lt;sysdiag&gt; | by dev-intern", md);
        Assert.Contains("the \\*first\\* exec", md);
        Assert.Contains($"| {exec.Time} | k8s-audit | create pods/exec |", md);
        var manifest = CaseStatus.FromJournal(session.Journal.Path).EvidenceManifest;
        Assert.NotEmpty(manifest);
        Assert.All(manifest.Where(f => f.Sha256 is not null), f => Assert.Contains(f.Sha256!, md));
        var columns = 0;
        foreach (var line in md.Split('\n'))
        {
            columns = !line.StartsWith('|') ? 0 : columns == 0 ? Unescaped(line) : columns;
            Assert.Equal(columns, line.StartsWith('|') ? Unescaped(line) : 0); // hostile text never breaks a table
        }
    }

    [Fact]
    public async Task The_whole_timeline_of_the_report_leaves_routine_rows_out_of_its_chart_and_table_and_lists_them_under_their_count()
    {
        // Counted from the sample's audit export with jq: 54 "update leases" and 54 "get leases" by system: users, and 8
        // "patch nodes/status" each by system:node:NAME of its own node NAME — 116 routine rows.
        var session = Open(Repo.Path("sample-data", "incident-1"));
        var timeline = await SampleIncident.Timeline;
        var exec = timeline.Where(source: TimelineSources.Audit).First(e => e.Action == "create pods/exec");
        session.Record(CaseFinding.Verb, CaseFinding.Check(timeline, new FindingLedger(), new FindingRequest("Exec", Rows: exec.Id)).Finding.Options(), JournalOutcome.Ok, "f");

        var written = await IncidentWriteUp.WriteAsync(session.Journal.Path, null, _clock, _temp.Path);

        var html = File.ReadAllText(written.Path);
        var whole = html[html.IndexOf("<h2>The whole timeline</h2>", StringComparison.Ordinal)..html.IndexOf("<h2>Actions</h2>", StringComparison.Ordinal)];
        Assert.Contains($"<summary>All {timeline.Events.Count - 116:N0} rows</summary>", whole);
        Assert.Contains("116 rows of routine lease gets and updates by system: users and node status reports by their own kubelet: not in the chart and the table above, listed here", whole);
        Assert.Contains("<summary>116 routine rows</summary>", whole);
        var chart = whole[..whole.IndexOf("<details>", StringComparison.Ordinal)];
        Assert.DoesNotContain("update leases", chart);
        Assert.Contains("create pods/exec", chart);
    }

    [Fact]
    public async Task Without_reachable_evidence_the_write_up_says_so_and_still_has_the_journal()
    {
        var evidence = _temp.Combine("gone");
        Directory.CreateDirectory(evidence);
        var session = Open(evidence);
        session.Record(CaseFinding.Verb, new Dictionary<string, string> { ["--title"] = "Something", ["--rows"] = "audit:x" }, JournalOutcome.Ok, "f");
        Directory.Delete(evidence);

        var written = await IncidentWriteUp.WriteAsync(session.Journal.Path, _temp.Combine("out", "r.html"), _clock, _temp.Path);

        var html = File.ReadAllText(written.Path);
        Assert.Contains("is not reachable from here", html);
        Assert.Contains(">1. Something <small>", html);
        Assert.Contains("<h2>Actions</h2>", html);
        Assert.True(File.Exists(_temp.Combine("out", "r.md")));
    }

    [Fact]
    public async Task A_finding_must_cite_rows_the_timeline_holds()
    {
        var timeline = await SampleIncident.Timeline;
        Assert.Contains("not in the super-timeline: audit:nosuch", Assert.Throws<InvestigationException>(() => CaseFinding.Check(timeline, new FindingLedger(), new FindingRequest("x", Rows: "audit:nosuch"))).Message);
        Assert.Contains("cite its evidence", Assert.Throws<InvestigationException>(() => CaseFinding.Check(timeline, new FindingLedger(), new FindingRequest("x"))).Message);
        Assert.Contains("entity nosuch", Assert.Throws<InvestigationException>(() => CaseFinding.Check(timeline, new FindingLedger(), new FindingRequest("x", Entity: "nosuch"))).Message);
    }

    [Fact]
    public async Task The_report_is_refused_inside_the_evidence()
    {
        using var temp = new TempDir();
        temp.Write("evidence/x.txt", "x");
        var session = Open(temp.Combine("evidence"));

        var error = await Assert.ThrowsAsync<CaseException>(() => IncidentWriteUp.WriteAsync(session.Journal.Path, temp.Combine("evidence", "report.html"), _clock, _temp.Path));

        Assert.Contains("inside the evidence folder", error.Message);
        Assert.False(File.Exists(temp.Combine("evidence", "report.html")));
    }

    private static int Unescaped(string line) => line.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|');
}

/// <summary>A clock the test moves.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
