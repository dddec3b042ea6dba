using EksIr.Core.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Core.Containers;

/// <summary>
/// The <c>diff</c> verb's result: the container and its changes against its image, sorted by path, and what of its
/// layer could not be followed (unreadable, or deeper than the path depth limit).
/// </summary>
public sealed record ContainerDiff(ContainerRecord Container, IReadOnlyList<DiffRow> Changes, IReadOnlyList<EvidenceProblem> Problems)
{
    public static ContainerDiff Of(EvidenceRoot root, string container)
    {
        var (record, fs) = ContainerFilesystems.Open(root, container);
        var rows = OverlayDiff.Changes(fs)
            .Select(DiffRow.From)
            .OrderBy(r => r.Path, StringComparer.Ordinal)
            .ToArray();
        return new ContainerDiff(record, rows, [.. fs.Problems]);
    }

    public int Count(char change) => Changes.Count(c => c.Change == change.ToString());

    public string Summary =>
        $"{Container.Name} ({Container.Id[..Math.Min(12, Container.Id.Length)]}): {Count('A')} added, {Count('C')} changed, {Count('D')} deleted";
}

/// <summary>One line of a diff, as the CLI's JSON and the tables show it.</summary>
public sealed record DiffRow(string Path, string Change, string? Type, string? Mode, long? Size, uint? Uid, uint? Gid, PreciseTime? Modified, string? LinkTarget)
{
    public static DiffRow From(FilesystemChange c) =>
        c.Change == 'D'
            ? new DiffRow(c.Path, "D", null, null, null, null, null, c.Status?.ModifyTime, null)
            : new DiffRow(c.Path, c.Change.ToString(), c.Status?.Kind.ToString().ToLowerInvariant(), c.Status?.ModeString(), c.Status?.Size,
                c.Status?.Uid, c.Status?.Gid, c.Status?.ModifyTime, c.LinkTarget);
}
