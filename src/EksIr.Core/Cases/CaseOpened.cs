namespace EksIr.Core.Cases;

/// <summary>The result of opening a case, as shown to the analyst.</summary>
/// <param name="Context">The incident's entities the case already holds (an earlier phase confirmed them): what later verbs default to.</param>
public sealed record CaseOpened(string Name, string EvidenceRoot, string CaseDirectory, string JournalPath, EvidenceInventory Inventory, IReadOnlyList<ConfirmedEntity> Context)
{
    public static CaseOpened From(CaseSession session, EvidenceInventory inventory) =>
        new(session.Name, session.Evidence.FullPath, session.CaseDirectory, session.Journal.Path, inventory, session.Context().Current);
}
