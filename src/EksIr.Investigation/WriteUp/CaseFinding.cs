using EksIr.Core.Cases;
using EksIr.Investigation.Entities;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.WriteUp;

/// <summary>
/// A finding the analyst records (#!finding): a title, what it means, and the evidence behind it — super-timeline rows
/// by id and/or every row naming an entity. It lives in the case journal (verb "finding"); the write-up resolves its
/// rows again against the timeline it reports.
/// </summary>
public sealed record CaseFinding(string Title, string? Detail, IReadOnlyList<string> RowIds, string? Entity, DateTimeOffset? Recorded = null, string? Analyst = null)
{
    public const string Verb = "finding";

    public Dictionary<string, string> Options()
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal) { ["--title"] = Title };
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
                entry.Options.GetValueOrDefault("--entity"), entry.Time, entry.Analyst)
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

    /// <summary>A finding checked against the timeline before it is journaled: every cited row and the entity must be in it.</summary>
    public static RecordedFinding Check(SuperTimeline timeline, string title, string? detail, string? rows, string? entity)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new InvestigationException("a finding needs --title");
        }

        var finding = new CaseFinding(title.Trim(), string.IsNullOrWhiteSpace(detail) ? null : detail.Trim(), Rows(rows), string.IsNullOrWhiteSpace(entity) ? null : entity.Trim());
        if (finding.RowIds.Count == 0 && finding.Entity is null)
        {
            throw new InvestigationException($"finding '{finding.Title}': cite its evidence with --rows ROW-ID[,ROW-ID…] (the Row column of #!supertimeline) or --entity X");
        }

        var (evidence, missing) = finding.Evidence(timeline);
        return missing.Count > 0
            ? throw new InvestigationException($"finding '{finding.Title}': not in the super-timeline: {string.Join(", ", missing)}")
            : new RecordedFinding(finding, evidence);
    }
}

/// <summary>A finding with the rows behind it, as #!finding shows it.</summary>
public sealed record RecordedFinding(CaseFinding Finding, IReadOnlyList<IncidentEvent> Evidence)
{
    public string Summary => $"finding: {Finding.Title} ({Evidence.Count} rows of evidence)";
}
