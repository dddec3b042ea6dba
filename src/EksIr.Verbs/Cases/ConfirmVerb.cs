using EksIr.Core.Cases;

namespace EksIr.Verbs.Cases;

/// <summary>
/// <c>case confirm</c>: the analyst confirms (or retracts, with a reason) the incident's entities by hand — from a
/// query row, a timeline, a colleague — each checked for its shape, with where it came from. Later verbs default to them.
/// </summary>
public static class ConfirmVerb
{
    public static VerbDeclaration Declaration { get; } = new Verb<CaseConfirmed>(
        CaseContext.Verb,
        "Confirm the incident's entities into the case (or --retract them, with --reason): the pod, node, instance, " +
        "container, image, IP addresses, access keys, principals and PIDs the investigation has established, each with " +
        "where it came from. Later verbs default to them (the pod to contain, the instance to acquire); case status and " +
        "the report list them. Cards confirm theirs with --confirm.",
        [
            .. CaseEntityKind.All.Select(k => VerbOption.List(k.Option, $"{k.Help} ({k.Shape})")),
            new VerbOption(CaseContext.SourceOption, "where the analyst found it: a finding, a query, a timeline row", Default: "confirmed by hand", ValueName: "TEXT"),
            VerbOption.Flag(CaseContext.RetractOption, "withdraw the entities named instead (with --reason)"),
            new VerbOption(CaseContext.ReasonOption, "why they are withdrawn", ValueName: "TEXT"),
        ],
        Confirm,
        r => r.Summary, _ => [],
        (r, _) => r.Summary + "\n",
        r => r, "print what was confirmed (named[{kind, value, source}], retract, reason, alreadyHeld, notHeld)")
    {
        NeedsCase = "the entities are confirmed into the case's journal",
    };

    private static CaseConfirmed Confirm(VerbCall call)
    {
        var session = call.Case ?? throw new InvalidOperationException("a verb that needs a case was called without one");
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

        if (named.Count == 0)
        {
            throw new VerbUsageException($"{CaseContext.Verb}: name at least one entity ({string.Join(", ", CaseEntityKind.All.Select(k => $"{k.Option} {k.Shape}"))})");
        }

        var retract = call.Arguments.Flag(CaseContext.RetractOption);
        var reason = call.Arguments.Value(CaseContext.ReasonOption);
        if (retract && string.IsNullOrWhiteSpace(reason))
        {
            throw new VerbUsageException($"{CaseContext.Verb}: --retract needs --reason (the journal keeps why an entity was withdrawn)");
        }

        var held = session.Context().Current;
        bool Holds(ConfirmedEntity e) => held.Any(h => h.Kind == e.Kind && h.Value == e.Value);
        return new CaseConfirmed(named, retract, reason, [.. named.Where(Holds)], retract ? [.. named.Where(e => !Holds(e))] : []);
    }
}
