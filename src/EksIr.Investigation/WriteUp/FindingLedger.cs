using System.Security.Cryptography;
using System.Text;
using EksIr.Core.Cases;

namespace EksIr.Investigation.WriteUp;

/// <summary>Where a finding stands: what the case holds as true, or replaced by a later finding, or withdrawn.</summary>
public enum FindingStanding
{
    Current,
    Superseded,
    Retracted,
}

/// <summary>One change to a finding, as the journal holds it: recorded, updated (recorded again under its id), superseded or retracted.</summary>
public sealed record FindingChange(DateTimeOffset Time, string Analyst, string Id, string Change, string? Reason);

/// <summary>A finding with where it stands now (and, if no longer current, why and by which finding).</summary>
public sealed record FindingState(CaseFinding Finding, FindingStanding Standing, string? Reason, string? SupersededBy);

/// <summary>
/// The case's findings from its journal, in the order they were first recorded: a finding has a stable id (given
/// with --id, else made from its title, so that running a playbook again updates its findings instead of adding
/// them twice); recording an id again updates it; a finding may be superseded by another (--supersedes ID) or
/// retracted (--retract), each with a reason. Every change is kept, for the report's history.
/// </summary>
public sealed class FindingLedger
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, FindingState> _states = new(StringComparer.Ordinal);
    private readonly List<FindingChange> _history = [];

    public static FindingLedger FromJournal(IEnumerable<JournalEntry> entries)
    {
        var ledger = new FindingLedger();
        foreach (var entry in entries.Where(e => e.Verb == CaseFinding.Verb && e.Outcome == JournalOutcome.Ok))
        {
            ledger.Apply(entry);
        }

        return ledger;
    }

    /// <summary>Every finding ever recorded, with where it stands.</summary>
    public IReadOnlyList<FindingState> All => [.. _order.Select(id => _states[id])];

    /// <summary>The findings the case holds as true now.</summary>
    public IReadOnlyList<CaseFinding> Current => [.. All.Where(s => s.Standing == FindingStanding.Current).Select(s => s.Finding)];

    public IReadOnlyList<FindingChange> History => _history;

    public FindingState? Find(string id) => _states.GetValueOrDefault(id);

    /// <summary>The id a finding gets when none is given: F- and six hex digits of its title's SHA-256 (case and spacing ignored).</summary>
    public static string IdFor(string title)
    {
        var normal = string.Join(' ', title.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return "F-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normal)))[..6];
    }

    private void Apply(JournalEntry entry)
    {
        var o = entry.Options;
        var reason = o.GetValueOrDefault(CaseFinding.ReasonOption);
        if (o.ContainsKey(CaseFinding.RetractOption))
        {
            if (o.GetValueOrDefault(CaseFinding.IdOption) is { } retracted && _states.TryGetValue(retracted, out var state))
            {
                _states[retracted] = state with { Standing = FindingStanding.Retracted, Reason = reason };
                _history.Add(new FindingChange(entry.Time, entry.Analyst, retracted, "retracted", reason));
            }

            return;
        }

        if (CaseFinding.FromJournal(entry) is not { } finding)
        {
            return;
        }

        var known = _states.ContainsKey(finding.Id);
        if (!known)
        {
            _order.Add(finding.Id);
        }

        _states[finding.Id] = new FindingState(finding, FindingStanding.Current, null, null);
        _history.Add(new FindingChange(entry.Time, entry.Analyst, finding.Id, known ? "updated" : "recorded", null));
        if (o.GetValueOrDefault(CaseFinding.SupersedesOption) is { } old && _states.TryGetValue(old, out var replaced) && old != finding.Id)
        {
            _states[old] = replaced with { Standing = FindingStanding.Superseded, Reason = reason, SupersededBy = finding.Id };
            _history.Add(new FindingChange(entry.Time, entry.Analyst, old, "superseded by " + finding.Id, reason));
        }
    }
}
