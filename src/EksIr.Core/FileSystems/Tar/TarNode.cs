namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// One name in an archive: what its header said, where its bytes are, and (for a directory) the nodes of its names —
/// a tree with one node per path component, so a deep path costs one node per component, not one full path per level.
/// </summary>
internal sealed class TarNode(FileStatus status)
{
    public FileStatus Status { get; set; } = status;

    public byte[]? LinkTarget { get; set; }

    public Dictionary<string, byte[]>? Xattrs { get; set; }

    /// <summary>Where the member's bytes start in the (uncompressed) archive, and how many of them are there.</summary>
    public long DataOffset { get; set; }

    public long DataLength { get; set; }

    /// <summary>True for a directory the archive has no header for (only names below it).</summary>
    public bool Implied { get; set; }

    /// <summary>The nodes of the names in this directory, keyed byte-exactly (Latin-1 text of the bytes); null for a non-directory.</summary>
    public Dictionary<string, TarNode>? Children { get; set; }

    /// <summary>The same names in byte order, made once the archive is read.</summary>
    public List<byte[]> SortedChildren { get; set; } = [];
}
