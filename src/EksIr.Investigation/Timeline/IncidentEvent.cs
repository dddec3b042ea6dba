using EksIr.Core.Reporting;
using EksIr.Core.Time;

namespace EksIr.Investigation.Timeline;

/// <summary>
/// One row of the super-timeline: when (UTC, nanoseconds kept where the source has them), which source said so, what
/// happened in a word and in a sentence, the entities it names (the links of the entity chain) and where in the
/// evidence it is. <see cref="Id"/> is stable across runs (the source's own id where it has one: CloudTrail eventID,
/// audit auditID, finding id), so findings can cite rows and duplicates collapse.
/// </summary>
public sealed record IncidentEvent(
    PreciseTime Time,
    string Source,
    string Action,
    string Summary,
    IReadOnlyList<EntityRef> Entities,
    EvidenceRef Evidence,
    string Id)
{
    public bool Names(EntityRef entity) => Entities.Contains(entity);

    /// <summary>
    /// The row as every output shows it: credentials in its text (an exec command's bearer token, a session token in
    /// request parameters) and in the values it names redacted; the same row when there are none. The id is kept.
    /// </summary>
    public IncidentEvent Redacted()
    {
        var summary = Secrets.Redact(Summary);
        var entities = Entities.Select(e => Secrets.Redact(e.Value) is var value && value != e.Value ? e with { Value = value } : e).ToList();
        return summary == Summary && entities.SequenceEqual(Entities) ? this : this with { Summary = summary, Entities = entities };
    }
}

/// <summary>An entity an event names: its kind (<see cref="EntityKinds"/>) and its value as the sources write it.</summary>
public sealed record EntityRef(string Kind, string Value)
{
    public override string ToString() => $"{Kind}:{Value}";
}

/// <summary>Where a row is in the evidence: the file (inside the case evidence) and the place in it (line, record id).</summary>
public sealed record EvidenceRef(string File, string Where)
{
    public override string ToString() => Where.Length == 0 ? File : $"{File} ({Where})";
}
