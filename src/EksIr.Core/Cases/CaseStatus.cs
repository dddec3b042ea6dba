namespace EksIr.Core.Cases;

/// <summary>A case as its journal tells it: what was done, by whom, what evidence was read, what is damaged.</summary>
public sealed record CaseStatus(
    string Name,
    string JournalPath,
    string? EvidenceRoot,
    DateTimeOffset? FirstEntry,
    DateTimeOffset? LastEntry,
    IReadOnlyList<string> Analysts,
    int Actions,
    int FailedActions,
    IReadOnlyList<ManifestFile> EvidenceManifest,
    IReadOnlyList<JournalEntry> Entries,
    IReadOnlyList<JournalDamage> DamagedLines)
{
    /// <summary>The incident's entities the analyst confirmed, with where each came from.</summary>
    public CaseContext Context { get; } = CaseContext.FromJournal(Entries);

    /// <summary>Builds the status from a journal file. A missing journal is an error; damaged lines are reported, not fatal.</summary>
    public static CaseStatus FromJournal(string journalPath)
    {
        var journal = new CaseJournal(journalPath);
        if (!File.Exists(journal.Path))
        {
            throw new CaseException($"{journalPath}: no case journal here");
        }

        var read = journal.Read();
        var entries = read.Entries;
        var name = entries.LastOrDefault()?.Case ?? Path.GetFileName(Path.GetDirectoryName(journal.Path)) ?? "";
        var evidence = entries.LastOrDefault()?.EvidenceRoot;
        return new CaseStatus(
            name,
            journal.Path,
            evidence,
            entries.Count > 0 ? entries.Min(e => e.Time) : null,
            entries.Count > 0 ? entries.Max(e => e.Time) : null,
            entries.Select(e => e.Analyst).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            entries.Count,
            entries.Count(e => e.Outcome == JournalOutcome.Failed),
            ManifestFile.FromEntries(entries),
            entries,
            read.Damaged);
    }
}
