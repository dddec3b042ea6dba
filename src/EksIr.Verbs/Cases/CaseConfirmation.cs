using EksIr.Core.Cases;

namespace EksIr.Verbs.Cases;

/// <summary>
/// A card's <c>--confirm</c>: the entities the card names (a GuardDuty finding's pod, instance and credentials; a pod's
/// node and instance) become the case's, journaled as a <c>case confirm</c> entry whose source is the card, so that
/// later verbs default to them and the report lists them.
/// </summary>
public static class CaseConfirmation
{
    public static VerbOption Option { get; } = VerbOption.Flag("--confirm",
        "confirm the entities this card names into the case (later verbs default to them; case status lists them)");

    /// <summary>Refuses <c>--confirm</c> before the verb runs when there is no case to confirm into.</summary>
    public static void Check(VerbDeclaration verb, VerbCall call)
    {
        if (verb.Options.Contains(Option) && call.Arguments.Flag(Option.Name) && call.Case is null)
        {
            throw new VerbUsageException($"{verb.Name}: --confirm confirms into a case: open one (--journal on a command line)");
        }
    }

    /// <summary>Journals what the card confirms; the lines that say so.</summary>
    public static IReadOnlyList<string> Record(VerbDeclaration verb, VerbCall call, object result, string summary)
    {
        if (result is CaseConfirmed { FromRows.Count: > 0 } fromRows && call.Case is { } caseOfRows)
        {
            RecordRows(caseOfRows, fromRows);
            return [];
        }

        if (call.Case is not { } session || !verb.Options.Contains(Option) || !call.Arguments.Flag(Option.Name))
        {
            return [];
        }

        var checkedValues = verb.EntitiesOf(result).Distinct().Select(e => (e.Kind, Checked: e.Kind.Check(e.Value))).ToList();
        var refused = checkedValues.Where(e => e.Checked.Problem is not null).Select(e => $"not confirmed: {e.Checked.Problem}").ToList();
        var named = checkedValues.Where(e => e.Checked.Value is not null).Select(e => (e.Kind, Value: e.Checked.Value!)).Distinct().ToList();
        if (named.Count == 0)
        {
            return [$"--confirm: the card names no pod, node, instance, container, address or credential to confirm", .. refused];
        }

        var options = named.GroupBy(e => e.Kind).ToDictionary(g => g.Key.Option, g => string.Join(",", g.Select(e => e.Value)), StringComparer.Ordinal);
        var source = $"{verb.Name}: {summary}";
        options[CaseContext.SourceOption] = source;
        session.Record(CaseContext.Verb, options, JournalOutcome.Ok, $"confirmed {Said(named)} from {source}");
        return [$"confirmed into the case: {Said(named)}", .. refused];
    }

    /// <summary>
    /// <c>case confirm --row</c>: one <c>case confirm</c> entry per row, its entities as options and the row as the
    /// source, so the case says for each entity which row it came from.
    /// </summary>
    private static void RecordRows(CaseSession session, CaseConfirmed confirmed)
    {
        foreach (var row in confirmed.FromRows)
        {
            var options = row.Entities.GroupBy(e => e.Kind).ToDictionary(g => CaseEntityKind.Named(g.Key)?.Option ?? throw new InvalidOperationException($"a row's entity of an unknown kind: {g.Key}"), g => string.Join(",", g.Select(e => e.Value)), StringComparer.Ordinal);
            options[CaseContext.SourceOption] = row.Source;
            if (confirmed.Retract)
            {
                options[CaseContext.RetractOption] = "true";
                options[CaseContext.ReasonOption] = confirmed.Reason ?? "";
            }

            var said = string.Join(", ", row.Entities.Select(e => $"{e.Kind} {e.Value}"));
            session.Record(CaseContext.Verb, options, JournalOutcome.Ok, confirmed.Retract ? $"retracted {said}: {confirmed.Reason}" : $"confirmed {said} from {row.Source}");
        }
    }

    public static string Said(IEnumerable<(CaseEntityKind Kind, string Value)> entities) =>
        string.Join(", ", entities.Select(e => $"{e.Kind.Name} {e.Value}"));
}
