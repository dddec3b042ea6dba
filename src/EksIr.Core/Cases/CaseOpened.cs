namespace EksIr.Core.Cases;

/// <summary>The result of opening a case, as shown to the analyst.</summary>
public sealed record CaseOpened(string Name, string EvidenceRoot, string CaseDirectory, string JournalPath, EvidenceInventory Inventory)
{
    public static CaseOpened From(CaseSession session, EvidenceInventory inventory) =>
        new(session.Name, session.Evidence.FullPath, session.CaseDirectory, session.Journal.Path, inventory);
}
