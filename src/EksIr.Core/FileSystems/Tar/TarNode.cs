namespace EksIr.Core.FileSystems.Tar;

/// <summary>One name in an archive: what its header said, where its bytes are, and (for a directory) its names.</summary>
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

    /// <summary>Names in this directory, keyed byte-exactly (Latin-1 text of the bytes).</summary>
    public Dictionary<string, byte[]>? Children { get; set; }

    /// <summary>The same names in byte order, made once the archive is read.</summary>
    public List<byte[]> SortedChildren { get; set; } = [];
}
