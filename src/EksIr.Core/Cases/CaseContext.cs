namespace EksIr.Core.Cases;

/// <summary>
/// The incident's entities as the case holds them, read back from its journal: each confirmed (<c>case confirm</c>, or
/// a card's <c>--confirm</c>) with where it came from, or retracted with a reason. Later verbs take their defaults from
/// it (the pod to contain, the instance to acquire), and the status and the report list it.
/// </summary>
public sealed class CaseContext
{
    /// <summary>The verb whose journal entries hold the confirmations.</summary>
    public const string Verb = "case confirm";

    public const string SourceOption = "--source";
    public const string RetractOption = "--retract";
    public const string ReasonOption = "--reason";

    private readonly List<ConfirmedEntity> _current = [];
    private readonly List<RetractedEntity> _retracted = [];

    public static CaseContext Empty { get; } = new();

    public static CaseContext FromJournal(IEnumerable<JournalEntry> entries)
    {
        var context = new CaseContext();
        foreach (var entry in entries.Where(e => e.Verb == Verb && e.Outcome == JournalOutcome.Ok))
        {
            context.Apply(entry);
        }

        return context;
    }

    /// <summary>The entities the case holds now, kinds in their order, each kind in the order confirmed.</summary>
    public IReadOnlyList<ConfirmedEntity> Current =>
        [.. CaseEntityKind.All.SelectMany(k => _current.Where(e => e.Kind == k.Name))];

    /// <summary>Entities withdrawn, with the reason.</summary>
    public IReadOnlyList<RetractedEntity> Retracted => _retracted;

    public IReadOnlyList<ConfirmedEntity> Of(CaseEntityKind kind) => [.. _current.Where(e => e.Kind == kind.Name)];

    /// <summary>The entities one journal entry confirms (or retracts): each kind's option, its values one a line or comma-separated.</summary>
    public static IEnumerable<(CaseEntityKind Kind, string Value)> Named(IReadOnlyDictionary<string, string> options) =>
        CaseEntityKind.All.SelectMany(k => options.TryGetValue(k.Option, out var values)
            ? values.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (k, v))
            : []);

    private void Apply(JournalEntry entry)
    {
        var retract = entry.Options.ContainsKey(RetractOption);
        var source = entry.Options.GetValueOrDefault(SourceOption) ?? "confirmed by hand";
        foreach (var (kind, value) in Named(entry.Options))
        {
            var known = _current.FindIndex(e => e.Kind == kind.Name && e.Value == value);
            if (retract)
            {
                if (known >= 0)
                {
                    _retracted.Add(new RetractedEntity(_current[known], entry.Options.GetValueOrDefault(ReasonOption) ?? "no reason given", entry.Time));
                    _current.RemoveAt(known);
                }
            }
            else if (known < 0)
            {
                _current.Add(new ConfirmedEntity(kind.Name, value, source, entry.Time, entry.Analyst));
            }
        }
    }
}
