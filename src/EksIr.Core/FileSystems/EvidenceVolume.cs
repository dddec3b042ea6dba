namespace EksIr.Core.FileSystems;

/// <summary>
/// What evidence files live on: a folder of the analysis host (a mounted node volume) or an archive of one (a tar
/// collected from a node). Paths are bytes relative to the volume's top, components separated by '/', the empty
/// path being the top itself. Every call describes or reads; nothing here follows a final symbolic link, and
/// nothing can write.
/// </summary>
public abstract class EvidenceVolume
{
    /// <summary>Where the volume is, for messages: a host folder or an archive file.</summary>
    public abstract string Location { get; }

    /// <summary>lstat of a path; null when nothing is there.</summary>
    public abstract FileStatus? Lstat(ReadOnlySpan<byte> path);

    /// <summary>The names in a directory (without . and ..), in byte order; IOException when it is not a readable directory.</summary>
    public abstract List<byte[]> ReadDirectory(ReadOnlySpan<byte> path);

    /// <summary>The target of a symbolic link, as stored.</summary>
    public abstract byte[] ReadLink(ReadOnlySpan<byte> path);

    /// <summary>An extended attribute's value, or null when the file has none of that name (or it cannot be read).</summary>
    public abstract byte[]? GetXattr(ReadOnlySpan<byte> path, string name);

    /// <summary>Opens a regular file read-only, without following a final symbolic link.</summary>
    public abstract Stream OpenRead(ReadOnlySpan<byte> path);

    /// <summary>The host file behind a path, when the volume is a host folder (null inside an archive).</summary>
    public virtual string? HostFile(ReadOnlySpan<byte> path) => null;

    /// <summary>Files the volume could not take in whole (archive members skipped), each with where and why.</summary>
    public virtual IReadOnlyList<VolumeProblem> Problems => [];
}

/// <summary>Something in a volume that could not be taken in: the volume, where in it (offset or member), and why.</summary>
public sealed record VolumeProblem(string Volume, string Where, string Problem)
{
    public override string ToString() => $"{Volume}: {Where}: {Problem}";
}
