using EksIr.Core.Cases;
using EksIr.Investigation.Entities;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.WriteUp;

/// <summary>
/// A finding the analyst records (#!finding): its id, a title, what it means, and the evidence behind it — super-timeline
/// rows by id and/or every row naming an entity. It lives in the case journal (verb "finding"; see
/// <see cref="FindingLedger"/> for updates, supersession and retraction); the write-up resolves its rows again against
/// the timeline it reports.
/// </summary>
public sealed record CaseFinding(string Title, string? Detail, IReadOnlyList<string> RowIds, string? Entity, DateTimeOffset? Recorded = null, string? Analyst = null,
    string? GivenId = null)
{
    public const string Verb = "finding";
    public const string IdOption = "--id";
    public const string SupersedesOption = "--supersedes";
    public const string RetractOption = "--retract";
    public const string ReasonOption = "--reason";

    /// <summary>The finding's stable id: the one given, else made from its title (<see cref="FindingLedger.IdFor"/>).</summary>
    public string Id => GivenId ?? FindingLedger.IdFor(Title);

    /// <summary>The finding as the journal holds it: the options #!finding was given.</summary>
    public Dictionary<string, string> Options()
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal) { ["--title"] = Title };
        if (GivenId is not null)
        {
            options[IdOption] = GivenId;
        }

        if (Detail is not null)
        {
            options["--detail"] = Detail;
        }

        if (RowIds.Count > 0)
        {
            options["--rows"] = string.Join(",", RowIds);
        }

        if (Entity is not null)
        {
            options["--entity"] = Entity;
        }

        return options;
    }

    public static CaseFinding? FromJournal(JournalEntry entry) =>
        entry.Verb == Verb && entry.Outcome == JournalOutcome.Ok && entry.Options.TryGetValue("--title", out var title)
            ? new CaseFinding(title, entry.Options.GetValueOrDefault("--detail"), Rows(entry.Options.GetValueOrDefault("--rows")),
                entry.Options.GetValueOrDefault("--entity"), entry.Time, entry.Analyst, entry.Options.GetValueOrDefault(IdOption))
            : null;

    public static IReadOnlyList<string> Rows(string? text) =>
        text?.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() ?? [];

    /// <summary>The rows behind the finding in a timeline, oldest first, and the cited ids the timeline does not hold.</summary>
    public (IReadOnlyList<IncidentEvent> Rows, IReadOnlyList<string> Missing) Evidence(SuperTimeline timeline, EntityGraph? graph = null)
    {
        var rows = new List<IncidentEvent>();
        var missing = new List<string>();
        foreach (var id in RowIds)
        {
            if (timeline.Find(id) is { } row)
            {
                rows.Add(row);
            }
            else
            {
                missing.Add(id);
            }
        }

        if (Entity is { } typed)
        {
            try
            {
                var entity = EntityLookup.Resolve((graph ?? new EntityGraph(timeline.Events)).Entities, typed);
                rows.AddRange(timeline.Where(entity));
            }
            catch (InvestigationException)
            {
                missing.Add("entity " + typed);
            }
        }

        return (rows.DistinctBy(r => r.Id).OrderBy(r => r.Time).ThenBy(r => r.Id, StringComparer.Ordinal).ToList(), missing);
    }

    /// <summary>
    /// A finding checked before it is journaled: every cited row and the entity must be in the timeline; a finding it
    /// supersedes must be one of the case's current findings, and the reason said.
    /// </summary>
    public static RecordedFinding Check(SuperTimeline timeline, FindingLedger ledger, FindingRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            throw new InvestigationException("a finding needs --title");
        }

        var finding = new CaseFinding(request.Title.Trim(), Given(request.Detail), Rows(request.Rows), Given(request.Entity), GivenId: Given(request.Id));
        if (finding.RowIds.Count == 0 && finding.Entity is null)
        {
            throw new InvestigationException($"finding '{finding.Title}': cite its evidence with --rows ROW-ID[,ROW-ID…] (the Row column of #!supertimeline) or --entity X");
        }

        var supersedes = Given(request.Supersedes);
        if (supersedes is { } old)
        {
            Standing(ledger, old, "supersede");
            if (Given(request.Reason) is null)
            {
                throw new InvestigationException($"finding '{finding.Title}': say why it supersedes {old} with --reason");
            }
        }

        var (evidence, missing) = finding.Evidence(timeline);
        if (missing.Count > 0)
        {
            throw new InvestigationException($"finding '{finding.Title}': not in the super-timeline: {string.Join(", ", missing)}");
        }

        var change = supersedes is not null ? $"supersedes {supersedes}" : ledger.Find(finding.Id) is null ? "recorded" : "updated";
        return new RecordedFinding(finding, evidence, change);
    }

    /// <summary>A retraction checked before it is journaled: the finding must be one of the case's current findings, and the reason said.</summary>
    public static RecordedFinding Retract(FindingLedger ledger, FindingRequest request)
    {
        var id = Given(request.Id) ?? throw new InvestigationException("--retract needs the finding's --id");
        var state = Standing(ledger, id, "retract");
        return Given(request.Reason) is null
            ? throw new InvestigationException($"--retract {id}: say why with --reason")
            : new RecordedFinding(state.Finding, [], "retracted");
    }

    private static FindingState Standing(FindingLedger ledger, string id, string what)
    {
        var state = ledger.Find(id) ?? throw new InvestigationException(
            $"cannot {what} {id}: no such finding in this case" + (ledger.Current.Count == 0 ? " (it has none)" : $"; its findings are {string.Join(", ", ledger.Current.Select(f => f.Id))}"));
        return state.Standing == FindingStanding.Current
            ? state
            : throw new InvestigationException($"cannot {what} {id}: it is already {state.Standing.ToString().ToLowerInvariant()}" + (state.SupersededBy is { } by ? $" by {by}" : ""));
    }

    private static string? Given(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>What the analyst asked of #!finding: a finding to record (or update, or that supersedes another), or one to retract.</summary>
public sealed record FindingRequest(string? Title, string? Detail = null, string? Rows = null, string? Entity = null, string? Id = null,
    string? Supersedes = null, bool Retract = false, string? Reason = null);

/// <summary>A finding with the rows behind it, as #!finding shows it.</summary>
public sealed record RecordedFinding(CaseFinding Finding, IReadOnlyList<IncidentEvent> Evidence, string Change = "recorded")
{
    public string Summary => Change == "retracted"
        ? $"finding {Finding.Id} retracted: {Finding.Title}"
        : $"finding {Finding.Id} {Change}: {Finding.Title} ({Core.Reporting.Counted.Of(Evidence.Count, "row")} of evidence)";
}
