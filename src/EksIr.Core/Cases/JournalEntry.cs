using EksIr.Core.Evidence;

namespace EksIr.Core.Cases;

/// <summary>
/// One line of the case journal: when (UTC), who (OS user) on which host, the case and its evidence root (absolute),
/// the verb and its options as given,
/// the evidence files it read (with SHA-256 where read whole), whether it succeeded and a one-line summary.
/// </summary>
public sealed record JournalEntry(
    DateTimeOffset Time,
    string Analyst,
    string Host,
    string Case,
    string EvidenceRoot,
    string Verb,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyList<EvidenceFileRead> EvidenceRead,
    JournalOutcome Outcome,
    string Summary,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<JournalStep>? Steps = null);

public enum JournalOutcome
{
    Ok,
    Failed,
}
