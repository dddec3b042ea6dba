namespace EksIr.Core.Cases;

/// <summary>
/// One evidence file in the case manifest: when it was first read, its size and SHA-256. When two reads of the
/// same path gave different hashes the file changed under the case — <see cref="HashConflict"/> flags it.
/// </summary>
public sealed record ManifestFile(string Path, long Size, string? Sha256, DateTimeOffset FirstRead, int Reads, bool HashConflict)
{
    public static IReadOnlyList<ManifestFile> FromEntries(IEnumerable<JournalEntry> entries) =>
        entries
            .SelectMany(e => e.EvidenceRead.Select(r => (e.Time, Read: r)))
            .GroupBy(x => x.Read.Path, StringComparer.Ordinal)
            .Select(g =>
            {
                var hashes = g.Select(x => x.Read.Sha256).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
                var first = g.MinBy(x => x.Time);
                return new ManifestFile(g.Key, first.Read.Size, hashes.FirstOrDefault(), first.Time, g.Count(), hashes.Length > 1);
            })
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToArray();
}
