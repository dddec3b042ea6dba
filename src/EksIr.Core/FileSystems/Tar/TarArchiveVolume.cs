using EksIr.Core.Evidence;
using Microsoft.Win32.SafeHandles;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// A tar archive of a node's files (a triage collection, `tar` of /var/lib from an acquisition) read as a volume,
/// without extracting it: whiteout devices, setuid bits, owners, nanosecond times and xattrs are read from the
/// headers, so no root and no mount is needed. Plain and gzip archives; a gzip (or an archive inside another
/// volume) is decompressed once into an unnamed file in the <see cref="ScratchSpace"/> of the analysis host, never
/// next to the evidence, and never past the scratch space's limit.
/// </summary>
public sealed class TarArchiveVolume : EvidenceVolume, IDisposable
{
    private readonly TarIndex _index;
    private readonly SafeFileHandle _data;

    private TarArchiveVolume(string location, TarIndex index, SafeFileHandle data)
    {
        Location = location;
        _index = index;
        _data = data;
    }

    public override string Location { get; }

    /// <summary>How many member headers the archive holds (including ones skipped).</summary>
    public int Members => _index.Members;

    public override IReadOnlyList<VolumeProblem> Problems => GzipDamage is { } damage ? [damage, .. _index.Problems] : _index.Problems;

    /// <summary>Where a gzip archive's data is damaged (what is before it is read), or null.</summary>
    private VolumeProblem? GzipDamage { get; init; }

    /// <summary>
    /// Reads the archive from <paramref name="archive"/> once, front to back (so its hash covers every byte).
    /// <paramref name="hostFile"/> is the archive's own file on the host when it has one; its bytes are then read
    /// again in place when members are opened. Otherwise it is unpacked into <paramref name="scratch"/> (default: half the
    /// free space of the temporary folder), and an archive that needs more stops with a <see cref="ScratchSpaceException"/>.
    /// </summary>
    public static TarArchiveVolume Open(Stream archive, string location, string? hostFile, ScratchSpace? scratch = null)
    {
        var magic = new byte[6];
        var n = archive.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        var stream = new ReplayStream(magic.AsSpan(0, n).ToArray(), archive);
        Stream tar;
        GzipUpToDamage? gzip = null;
        var compressed = true;
        if (n >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            tar = gzip = new GzipUpToDamage(stream, location);
        }
        else if (Compression(magic.AsSpan(0, n)) is { } other)
        {
            throw new IOException($"{location}: compressed with {other}, which is not read here; decompress a copy first (the evidence stays as it is)");
        }
        else
        {
            tar = stream;
            compressed = false;
        }

        if (!compressed && hostFile is not null)
        {
            var index = TarIndex.Build(tar, null, location);
            return new TarArchiveVolume(location, index, File.OpenHandle(hostFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        }

        scratch ??= ScratchSpace.Default;
        var (spill, limit, why) = scratch.Create();
        try
        {
            var index = TarIndex.Build(tar, new BoundedSpill(spill, limit, () => TooLarge(location, scratch, limit, why)), location); // a damaged gzip ends the archive there: gzip.Damage says where
            spill.Flush();
            return new TarArchiveVolume(location, index, spill.SafeFileHandle) { GzipDamage = gzip?.Damage };
        }
        catch
        {
            spill.Dispose();
            throw;
        }
    }

    public override FileStatus? Lstat(ReadOnlySpan<byte> path) => Node(path)?.Status;

    public override List<byte[]> ReadDirectory(ReadOnlySpan<byte> path)
    {
        var node = Node(path) ?? throw Error(path, "no such directory in the archive");
        return node.Status.Kind == FileKind.Directory ? node.SortedChildren : throw Error(path, "not a directory");
    }

    public override byte[] ReadLink(ReadOnlySpan<byte> path)
    {
        var node = Node(path) ?? throw Error(path, "no such link in the archive");
        return node.LinkTarget ?? throw Error(path, "not a symbolic link");
    }

    public override byte[]? GetXattr(ReadOnlySpan<byte> path, string name) => Node(path)?.Xattrs?.GetValueOrDefault(name);

    public override Stream OpenRead(ReadOnlySpan<byte> path)
    {
        var node = Node(path) ?? throw Error(path, "no such file in the archive");
        return node.Status.Kind == FileKind.File
            ? new TarMemberStream(_data, node.DataOffset, node.DataLength)
            : throw Error(path, $"is a {node.Status.Kind.ToString().ToLowerInvariant()}, not a regular file");
    }

    public void Dispose() => _data.Dispose();

    private TarNode? Node(ReadOnlySpan<byte> path) => _index.Tree.Find(path);

    private static ScratchSpaceException TooLarge(string location, ScratchSpace scratch, long limit, string why) =>
        new($"{location}: unpacking it for reading needs more than {Reporting.ByteSize.Format(limit)} ({limit} bytes) of scratch space in " +
            $"{scratch.Where} ({why}); stopped there, and the partial copy is removed. Unpack it into a folder with more room " +
            "(--scratch DIR, or TMPDIR=DIR) or allow more (--scratch-limit SIZE); a gzip that unpacks far beyond its own size may be a bomb");

    private IOException Error(ReadOnlySpan<byte> path, string problem) => new($"{Location}!/{RawPath.Display(path)}: {problem}");

    private static string? Compression(ReadOnlySpan<byte> magic) => magic switch
    {
        [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0, ..] => "xz",
        [(byte)'B', (byte)'Z', (byte)'h', ..] => "bzip2",
        [0x28, 0xB5, 0x2F, 0xFD, ..] => "zstd",
        _ => null,
    };
}
