using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers;

/// <summary>
/// The <c>diff</c> verb's result: the container and its changes against its image, sorted by path, and what of its
/// layer could not be followed (unreadable, or deeper than the path depth limit). Mount points the runtime made
/// (<see cref="RuntimeMadeMountPoints"/>) are left out and counted in <see cref="RuntimeMadeLeftOut"/>, unless asked
/// for: then they are listed, marked.
/// </summary>
public sealed record ContainerDiff(ContainerRecord Container, IReadOnlyList<DiffRow> Changes, IReadOnlyList<EvidenceProblem> Problems, int RuntimeMadeLeftOut = 0)
{
    public static ContainerDiff Of(EvidenceRoot root, string container, bool withRuntimeMade = false)
    {
        var (record, fs) = ContainerFilesystems.Open(root, container);
        var all = OverlayDiff.Changes(fs).ToList();
        var rows = all
            .Where(c => withRuntimeMade || !c.RuntimeMade)
            .Select(DiffRow.From)
            .OrderBy(r => r.Path, StringComparer.Ordinal)
            .ToArray();
        return new ContainerDiff(record, rows, [.. fs.Problems], all.Count - rows.Length);
    }

    public int Count(char change) => Changes.Count(c => c.Change == change.ToString());

    public string Summary =>
        $"{Container.Name} ({Container.Id[..Math.Min(12, Container.Id.Length)]}): {Count('A')} added, {Count('C')} changed, {Count('D')} deleted"
        + (RuntimeMadeLeftOut > 0 ? $"; {RuntimeMadeLeftOut} empty mount points the runtime made left out (--runtime-made shows them)"
            : Changes.Count(c => c.RuntimeMade) is > 0 and var shown ? $" ({shown} of them empty mount points the runtime made)" : "");
}

/// <summary>One line of a diff, as the CLI's JSON and the tables show it; <see cref="RuntimeMade"/> marks a mount point the runtime made.</summary>
public sealed record DiffRow(string Path, string Change, string? Type, string? Mode, long? Size, uint? Uid, uint? Gid, PreciseTime? Modified, string? LinkTarget, bool RuntimeMade = false)
{
    public static DiffRow From(FilesystemChange c) =>
        c.Change == 'D'
            ? new DiffRow(c.Path, "D", null, null, null, null, null, c.Status?.ModifyTime, null)
            : new DiffRow(c.Path, c.Change.ToString(), c.Status?.Kind.ToString().ToLowerInvariant(), c.Status?.ModeString(), c.Status?.Size,
                c.Status?.Uid, c.Status?.Gid, c.Status?.ModifyTime, c.LinkTarget, c.RuntimeMade);
}
