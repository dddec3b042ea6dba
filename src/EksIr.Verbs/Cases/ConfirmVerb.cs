using EksIr.Core.Cases;
using EksIr.Investigation.Timeline;

namespace EksIr.Verbs.Cases;

/// <summary>
/// <c>case confirm</c>: the analyst confirms (or retracts, with a reason) the incident's entities by hand — from a
/// query row, a timeline, a colleague — each checked for its shape, with where it came from. Later verbs default to them.
/// <c>--row</c> takes the entities super-timeline rows name (narrowed by <c>--only</c>), each with its row as the source.
/// </summary>
public static class ConfirmVerb
{
    public static VerbDeclaration Declaration { get; } = new Verb<CaseConfirmed>(
        CaseContext.Verb,
        "Confirm the incident's entities into the case (or --retract them, with --reason): the pod, node, instance, " +
        "container, image, IP addresses, access keys, principals and PIDs the investigation has established, each with " +
        "where it came from. Later verbs default to them (the pod to contain, the instance to acquire); case status and " +
        "the report list them. Cards confirm theirs with --confirm; --row confirms what super-timeline rows name.",
        [
            .. CaseEntityKind.All.Select(k => VerbOption.List(k.Option, $"{k.Help} ({k.Shape})")),
            VerbOption.List(RowOption, "super-timeline row ids (the Row column): confirm the entities each row names, the row as their source"),
            VerbOption.List(OnlyOption, $"with --row, only these kinds ({string.Join(", ", CaseEntityKind.All.Select(k => k.Name))})"),
            new VerbOption(CaseContext.SourceOption, "where the analyst found it: a finding, a query, a timeline row", Default: "confirmed by hand", ValueName: "TEXT"),
            VerbOption.Flag(CaseContext.RetractOption, "withdraw the entities named instead (with --reason)"),
            new VerbOption(CaseContext.ReasonOption, "why they are withdrawn", ValueName: "TEXT"),
        ],
        Confirm,
        r => r.Summary, _ => [],
        (r, _) => r.Summary + "\n",
        r => r, "print what was confirmed (named[{kind, value, source}], fromRows[{rowId, source, entities}], notTaken, retract, reason, alreadyHeld, notHeld)")
    {
        NeedsCase = "the entities are confirmed into the case's journal",
    };

    public const string RowOption = "--row";
    public const string OnlyOption = "--only";

    private static async Task<CaseConfirmed> Confirm(VerbCall call)
    {
        var session = call.Case ?? throw new InvalidOperationException("a verb that needs a case was called without one");
        var (fromRows, notTaken) = await FromRowsAsync(call, session).ConfigureAwait(false);
        var problems = new List<string>();
        var named = new List<ConfirmedEntity>();
        var source = call.Arguments.Required(CaseContext.SourceOption);
        foreach (var kind in CaseEntityKind.All)
        {
            foreach (var given in call.Arguments.List(kind.Option))
            {
                var (value, problem) = kind.Check(given);
                if (value is null)
                {
                    problems.Add(problem!);
                }
                else if (!named.Any(e => e.Kind == kind.Name && e.Value == value))
                {
                    named.Add(new ConfirmedEntity(kind.Name, value, source, call.Clock.GetUtcNow(), session.Analyst));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new VerbUsageException($"{CaseContext.Verb}: {string.Join("; ", problems)}");
        }

        if (named.Count == 0 && fromRows.Count == 0)
        {
            throw new VerbUsageException(call.Arguments.List(RowOption).Count > 0
                ? $"{CaseContext.Verb}: the rows name nothing to confirm ({string.Join("; ", notTaken)})"
                : $"{CaseContext.Verb}: name at least one entity ({string.Join(", ", CaseEntityKind.All.Select(k => $"{k.Option} {k.Shape}"))}) or {RowOption} ROW-ID");
        }

        var retract = call.Arguments.Flag(CaseContext.RetractOption);
        var reason = call.Arguments.Value(CaseContext.ReasonOption);
        if (retract && string.IsNullOrWhiteSpace(reason))
        {
            throw new VerbUsageException($"{CaseContext.Verb}: --retract needs --reason (the journal keeps why an entity was withdrawn)");
        }

        var held = session.Context().Current;
        bool Holds(ConfirmedEntity e) => held.Any(h => h.Kind == e.Kind && h.Value == e.Value);
        var all = named.Concat(fromRows.SelectMany(r => r.Entities)).ToList();
        return new CaseConfirmed(named, retract, reason, [.. all.Where(Holds)], retract ? [.. all.Where(e => !Holds(e))] : [])
        {
            FromRows = fromRows,
            NotTaken = notTaken,
        };
    }

    /// <summary>
    /// The entities the rows named by <c>--row</c> name, one group per row with the row as their source, from the
    /// super-timeline the case last asked for; a row it does not hold is refused by id; an entity that is not one the
    /// case holds, or fails its shape, is said as not taken.
    /// </summary>
    private static async Task<(IReadOnlyList<RowConfirmation> Rows, IReadOnlyList<string> NotTaken)> FromRowsAsync(VerbCall call, Core.Cases.CaseSession session)
    {
        var ids = call.Arguments.List(RowOption);
        if (ids.Count == 0)
        {
            if (call.Arguments.List(OnlyOption).Count > 0)
            {
                throw new VerbUsageException($"{CaseContext.Verb}: {OnlyOption} narrows the entities of {RowOption} rows; name the rows");
            }

            return ([], []);
        }

        var only = new List<CaseEntityKind>();
        foreach (var name in call.Arguments.List(OnlyOption))
        {
            only.Add(CaseEntityKind.Named(name.Trim()) ?? throw new VerbUsageException(
                $"{CaseContext.Verb}: {OnlyOption} {name}: not a kind the case holds (one of {string.Join(", ", CaseEntityKind.All.Select(k => k.Name))})"));
        }

        var (rows, missing) = await AcrossSources.InvestigationVerbs.For(call)
            .RowsAsync(session.Evidence, session.Journal.Path, ids, call.Progress, call.Cancellation).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            throw new VerbUsageException($"{CaseContext.Verb} {RowOption}: not in the super-timeline the case last asked for: {string.Join(", ", missing)} " +
                "(row ids are the Row column of #!supertimeline; a row outside its window or sources is not there)");
        }

        var notTaken = new List<string>();
        var groups = new List<RowConfirmation>();
        foreach (var row in rows)
        {
            var source = TimelineRowEntities.Source(row);
            var entities = new List<ConfirmedEntity>();
            foreach (var entity in row.Entities.Distinct())
            {
                var kind = TimelineRowEntities.KindOf(entity, row);
                var asked = only.Count == 0 || (kind is not null && only.Contains(kind))
                    || (entity.Kind == EntityKinds.Process && (only.Contains(CaseEntityKind.Pid) || only.Contains(CaseEntityKind.HostPid)));
                if (!asked)
                {
                    continue;
                }

                if (kind is null || (only.Count > 0 && !only.Contains(kind)))
                {
                    notTaken.Add($"{entity} (row {row.Id}): {TimelineRowEntities.WhyNot(entity)}");
                    continue;
                }

                var (value, problem) = kind.Check(entity.Value);
                if (value is null)
                {
                    notTaken.Add($"{entity} (row {row.Id}): {problem}");
                }
                else if (!entities.Any(e => e.Kind == kind.Name && e.Value == value))
                {
                    entities.Add(new ConfirmedEntity(kind.Name, value, source, call.Clock.GetUtcNow(), session.Analyst));
                }
            }

            if (entities.Count > 0)
            {
                groups.Add(new RowConfirmation(row.Id, source, entities));
            }
            else
            {
                notTaken.Add($"row {row.Id}: names {(only.Count > 0 ? $"no {string.Join(" or ", only.Select(k => k.Name))}" : "no entity the case holds")}");
            }
        }

        return (groups, notTaken);
    }
}
