using System.Text;
using EksIr.Core.Cases;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;
using EksIr.Core.Time;
using EksIr.Investigation.Entities;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.WriteUp;

/// <summary>A finding with the rows behind it in the reported timeline, and what it cites that the timeline lacks.</summary>
public sealed record FindingEvidence(CaseFinding Finding, IReadOnlyList<IncidentEvent> Rows, IReadOnlyList<string> Missing);

/// <summary>An entity of the write-up: how many timeline rows name it, first and last seen, from which sources.</summary>
public sealed record EntitySummary(EntityRef Entity, int Rows, PreciseTime First, PreciseTime Last, IReadOnlyList<string> Sources);

/// <summary>
/// Everything the write-up says: the case (journal), the super-timeline of its evidence (as the analyst last asked for
/// it: the options of the journal's last supertimeline), the analyst's findings with their evidence rows, the key
/// rows (those findings cite, and GuardDuty's), the entities they name, and why anything is left out. Findings are the
/// case's current ones; <see cref="FindingHistory"/> holds every change to them (updated, superseded, retracted).
/// </summary>
public sealed record IncidentWriteUpModel(CaseStatus Status, SuperTimeline? Timeline, IReadOnlyList<string> Notes, IReadOnlyList<FindingEvidence> Findings,
    IReadOnlyList<IncidentEvent> KeyRows, IReadOnlyList<EntitySummary> Entities)
{
    public IReadOnlyList<FindingChange> FindingHistory { get; init; } = [];
}

/// <summary>The <c>case report</c> verb's engine: the incident write-up as self-contained HTML and as Markdown, from the journal and the evidence.</summary>
public static class IncidentWriteUp
{
    public static async Task<IncidentWriteUpModel> BuildAsync(CaseStatus status, IEvidenceReadRecorder? recorder = null, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var notes = new List<string>();
        var ledger = FindingLedger.FromJournal(status.Entries);
        var findings = ledger.Current;
        SuperTimeline? timeline = null;
        if (status.EvidenceRoot is not { } evidence || !Directory.Exists(evidence))
        {
            notes.Add($"the evidence folder ({status.EvidenceRoot ?? "not recorded"}) is not reachable from here: no timeline, entities or finding rows in this write-up");
        }
        else
        {
            var request = LastRequest(status);
            try
            {
                timeline = await new IncidentInvestigation().TimelineAsync(new EvidenceRoot(evidence, recorder), request with { CaseFolder = Path.GetDirectoryName(status.JournalPath) },
                    progress, cancellationToken).ConfigureAwait(false);
                notes.AddRange(timeline.Notes);
                if (request != new TimelineRequest())
                {
                    notes.Add($"timeline as last asked for in the journal ({Describe(request)})");
                }
            }
            catch (Exception e) when (e is InvestigationException or EvidenceAccessException)
            {
                notes.Add(e.Message + ": no timeline in this write-up");
            }
        }

        if (timeline is null)
        {
            return new IncidentWriteUpModel(status, null, notes, findings.Select(f => new FindingEvidence(f, [], [])).ToList(), [], []) { FindingHistory = ledger.History };
        }

        var graph = new EntityGraph(timeline.Events);
        var withRows = findings.Select(f =>
        {
            var (rows, missing) = f.Evidence(timeline, graph);
            return new FindingEvidence(f, rows, missing);
        }).ToList();
        var key = withRows.SelectMany(f => f.Rows).Concat(timeline.Where(source: TimelineSources.GuardDuty))
            .DistinctBy(r => r.Id).OrderBy(r => r.Time).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var kinds = EntityKinds.All.ToList();
        var entities = key.SelectMany(r => r.Entities).Distinct()
            .Select(e => (Entity: e, Rows: timeline.Where(e).ToList()))
            .Select(x => new EntitySummary(x.Entity, x.Rows.Count, x.Rows[0].Time, x.Rows[^1].Time, x.Rows.Select(r => r.Source).Distinct().Order(StringComparer.Ordinal).ToList()))
            .OrderBy(e => kinds.IndexOf(e.Entity.Kind)).ThenBy(e => e.First).ThenBy(e => e.Entity.Value, StringComparer.Ordinal)
            .ToList();
        return new IncidentWriteUpModel(status, timeline, notes, withRows, key, entities) { FindingHistory = ledger.History };
    }

    /// <summary>
    /// Writes report.html (or <paramref name="outputPath"/>) and its .md twin, credentials redacted (also those an
    /// older journal or a problem's message may hold); never inside the evidence.
    /// </summary>
    public static async Task<CaseReportWritten> WriteAsync(string journalPath, string? outputPath, TimeProvider clock, string workingDirectory,
        IEvidenceReadRecorder? recorder = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var status = CaseStatus.FromJournal(Path.GetFullPath(journalPath, workingDirectory));
        var output = Path.GetFullPath(outputPath ?? Path.Combine(Path.GetDirectoryName(status.JournalPath)!, "report.html"), workingDirectory);
        var markdown = Path.ChangeExtension(output, ".md");
        if (status.EvidenceRoot is { } evidence && (PathContainment.IsInside(evidence, output) || PathContainment.IsInside(evidence, markdown)))
        {
            throw new CaseException($"{output}: the report would be inside the evidence folder; evidence is never written to");
        }

        var model = await BuildAsync(status, recorder, progress, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, Secrets.Redact(WriteUpHtml.Render(model, now)), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(markdown, Secrets.Redact(WriteUpMarkdown.Render(model, now)), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return new CaseReportWritten(status.Name, output, status.Actions, status.EvidenceManifest.Count, status.DamagedLines.Count, markdown,
            model.Findings.Count, model.Timeline?.Events.Count ?? 0);
    }

    /// <summary>The options of the journal's last successful supertimeline (the timeline the analyst worked from).</summary>
    public static TimelineRequest LastRequest(CaseStatus status)
    {
        var last = status.Entries.LastOrDefault(e => e.Verb == "supertimeline" && e.Outcome == JournalOutcome.Ok);
        string? O(string name) => last?.Options.GetValueOrDefault(name);
        return new TimelineRequest(O("--start"), O("--end"), O("--cloudtrail"), O("--control-plane"), O("--guardduty"), O("--memory"), O("--node"));
    }

    private static string Describe(TimelineRequest r) =>
        string.Join(", ", new[] { ("--start", r.Start), ("--end", r.End), ("--cloudtrail", r.CloudTrail), ("--control-plane", r.ControlPlane),
            ("--guardduty", r.GuardDuty), ("--memory", r.Memory), ("--node", r.Node) }.Where(o => o.Item2 is not null).Select(o => $"{o.Item1} {o.Item2}"));
}
