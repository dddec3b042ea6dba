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
    public string Summary =>
        Retract
            ? $"retracted {Said(Named.Except(NotHeld))}{(NotHeld.Count > 0 ? $" ({Said(NotHeld)}: not held by the case)" : "")}: {Reason}"
            : $"confirmed {Said(Named)} from {Named[0].Source}{(AlreadyHeld.Count > 0 ? $" ({Said(AlreadyHeld)}: held already)" : "")}";

    private static string Said(IEnumerable<ConfirmedEntity> entities)
    {
        var list = entities.ToList();
        return list.Count == 0 ? "nothing" : string.Join(", ", list.Select(e => $"{e.Kind} {e.Value}"));
    }
}
