using EksIr.Core.Evidence;
using EksIr.Core.Reporting;
using EksIr.Investigation.Entities;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation;

/// <summary>The super-timeline shown: the rows asked for (at most the limit, oldest first) out of how many matched.</summary>
public sealed record TimelineView(SuperTimeline Timeline, IReadOnlyList<IncidentEvent> Rows, IReadOnlyList<IncidentEvent> AllMatching, EntityRef? Entity,
    string? Source)
{
    public int Matching => AllMatching.Count;

    /// <summary>How many rows that matched otherwise were hidden as <see cref="RoutineNoise"/>.</summary>
    public int HiddenNoise { get; init; }

    /// <summary>The note that says what was hidden and how to see it; null when nothing was.</summary>
    public string? NoiseNote => HiddenNoise == 0 ? null
        : $"{Core.Reporting.Counted.Of(HiddenNoise, "row")} of {RoutineNoise.Described} hidden (--noise shows them)";

    /// <summary>Where --export wrote every matching row, if asked.</summary>
    public string? ExportedTo { get; init; }

    public string Summary =>
        (Entity is null && Source is null && HiddenNoise == 0 ? "" : $"{Counted.Of(Matching, "row")}{(Entity is null ? "" : $" naming {Entity}")}{(Source is null ? "" : $" from {Source}")} of ")
        + Timeline.Summary + (Rows.Count < Matching ? $"; the first {Rows.Count:N0} shown" : "")
        + (ExportedTo is null ? "" : $"; {Counted.Of(Matching, "row")} exported to {ExportedTo}");
}

/// <summary>An entity chain with the timeline it was built from.</summary>
public sealed record EntityChainView(EntityChain Chain, SuperTimeline Timeline);

/// <summary>
/// The investigation verbs, one call each for the notebook and the CLI: the super-timeline (built once per evidence,
/// sources and window, and kept for the next verb) and the entity chain over it.
/// </summary>
public sealed class IncidentInvestigation
{
    private (string Key, SuperTimeline Timeline)? _last;

    public async Task<SuperTimeline> TimelineAsync(EvidenceRoot root, TimelineRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var (sources, notes) = request.Sources(root);
        var window = request.Window();
        var key = $"{root.FullPath}|{sources}|{string.Join(",", sources.OtherNodes ?? [])}|{window}";
        if (_last is { } last && last.Key == key)
        {
            return last.Timeline;
        }

        if (sources == new IncidentSources())
        {
            throw new InvestigationException("no incident source in the evidence: expected guardduty/, cloudtrail/, control-plane/, memory/volatility/ or node/ (or name them: --cloudtrail, --control-plane, --guardduty, --memory, --node)");
        }

        var built = await SuperTimeline.BuildAsync(root, sources, window, progress, cancellationToken, request.CaseFolder).ConfigureAwait(false);
        var timeline = built with { Notes = [.. notes, .. built.Notes] };
        _last = (key, timeline);
        return timeline;
    }

    public async Task<TimelineView> ShowAsync(EvidenceRoot root, TimelineRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var timeline = await TimelineAsync(root, request, progress, cancellationToken).ConfigureAwait(false);
        var entity = request.Entity is { } typed ? EntityLookup.Resolve(new EntityGraph(timeline.Events).Entities, typed) : null;
        var filter = request.Filter();
        var fromSources = timeline.Where(entity).Where(filter.KeepsSource).ToList();
        var matching = fromSources.Where(filter.Keeps).ToList();
        return new TimelineView(timeline, matching.Take(Math.Max(request.Limit, 0)).ToList(), matching, entity, filter.Said)
        {
            HiddenNoise = fromSources.Count - matching.Count,
        };
    }

    /// <summary>
    /// A finding checked against the timeline the case's journal last asked for (so the write-up, built the same way,
    /// holds its rows): every cited row and the entity must be in it; what it supersedes, or the finding retracted,
    /// must be one of the case's current findings.
    /// </summary>
    public async Task<WriteUp.RecordedFinding> FindingAsync(EvidenceRoot root, string journalPath, WriteUp.FindingRequest finding,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var status = Core.Cases.CaseStatus.FromJournal(journalPath);
        var ledger = WriteUp.FindingLedger.FromJournal(status.Entries);
        if (finding.Retract)
        {
            return WriteUp.CaseFinding.Retract(ledger, finding);
        }

        var timeline = await CaseTimelineAsync(root, status, progress, cancellationToken).ConfigureAwait(false);
        return WriteUp.CaseFinding.Check(timeline, ledger, finding);
    }

    /// <summary>
    /// Super-timeline rows by id, from the timeline the case's journal last asked for (as a finding's rows are), and the
    /// ids it does not hold: what <c>case confirm --row</c> takes its entities from.
    /// </summary>
    public async Task<(IReadOnlyList<IncidentEvent> Rows, IReadOnlyList<string> Missing)> RowsAsync(EvidenceRoot root, string journalPath,
        IReadOnlyList<string> ids, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var timeline = await CaseTimelineAsync(root, Core.Cases.CaseStatus.FromJournal(journalPath), progress, cancellationToken).ConfigureAwait(false);
        var found = ids.Distinct(StringComparer.Ordinal).Select(id => (Id: id, Row: timeline.Find(id))).ToList();
        return ([.. found.Select(f => f.Row).OfType<IncidentEvent>().Select(r => r.Redacted()).DistinctBy(r => r.Id)], [.. found.Where(f => f.Row is null).Select(f => f.Id)]);
    }

    /// <summary>The super-timeline the case's journal last asked for (its window and sources), as findings and the write-up see it.</summary>
    private Task<SuperTimeline> CaseTimelineAsync(EvidenceRoot root, Core.Cases.CaseStatus status, IProgress<string>? progress, CancellationToken cancellationToken) =>
        TimelineAsync(root, WriteUp.IncidentWriteUp.LastRequest(status) with { CaseFolder = Path.GetDirectoryName(Path.GetFullPath(status.JournalPath)) },
            progress, cancellationToken);

    public async Task<EntityChainView> ChainAsync(EvidenceRoot root, TimelineRequest request, string entity, int maxHops, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var timeline = await TimelineAsync(root, request, progress, cancellationToken).ConfigureAwait(false);
        var graph = new EntityGraph(timeline.Events);
        return new EntityChainView(graph.Chain(EntityLookup.Resolve(graph.Entities, entity), maxHops), timeline);
    }
}
