using EksIr.Core.Cases;

namespace EksIr.Verbs.Cases;

/// <summary>What <c>case confirm</c> did: the entities named, whether they were retracted, from what source, and which the case held already.</summary>
public sealed record CaseConfirmed(
    IReadOnlyList<ConfirmedEntity> Named,
    bool Retract,
    string? Reason,
    IReadOnlyList<ConfirmedEntity> AlreadyHeld,
    IReadOnlyList<ConfirmedEntity> NotHeld)
{
    /// <summary>The entities taken from super-timeline rows (<c>--row</c>), one group per row, the row their source.</summary>
    public IReadOnlyList<RowConfirmation> FromRows { get; init; } = [];

    /// <summary>What the rows name that was not taken, and why.</summary>
    public IReadOnlyList<string> NotTaken { get; init; } = [];

    /// <summary>Every entity named, by hand and from rows.</summary>
    public IReadOnlyList<ConfirmedEntity> All => [.. Named, .. FromRows.SelectMany(r => r.Entities)];

    public string Summary =>
        (Retract
            ? $"retracted {Said(All.Except(NotHeld))}{(NotHeld.Count > 0 ? $" ({Said(NotHeld)}: not held by the case)" : "")}: {Reason}"
            : $"confirmed {string.Join("; ", All.GroupBy(e => e.Source).Select(g => $"{Said(g)} from {g.Key}"))}{(AlreadyHeld.Count > 0 ? $" ({Said(AlreadyHeld)}: held already)" : "")}")
        + (NotTaken.Count > 0 ? $"; not taken: {string.Join("; ", NotTaken)}" : "");

    private static string Said(IEnumerable<ConfirmedEntity> entities)
    {
        var list = entities.ToList();
        return list.Count == 0 ? "nothing" : string.Join(", ", list.Select(e => $"{e.Kind} {e.Value}"));
    }
}

/// <summary>The entities one super-timeline row names, confirmed with the row as their source.</summary>
public sealed record RowConfirmation(string RowId, string Source, IReadOnlyList<ConfirmedEntity> Entities);
