using System.Text;

namespace EksIr.Core.FileSystems;

/// <summary>A folder of the analysis host as a volume (a mounted, read-only node volume), read with byte-path system calls.</summary>
public sealed class HostFolderVolume : EvidenceVolume
{
    private readonly byte[] _top;

    public HostFolderVolume(string folder)
    {
        Location = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        // The top itself may be a link the analyst made (evidence -> /mnt/node); names below it are never followed.
        var top = new DirectoryInfo(Location) is { LinkTarget: not null } link ? link.ResolveLinkTarget(returnFinalTarget: true)!.FullName : Location;
        _top = Encoding.UTF8.GetBytes(top);
    }

    public override string Location { get; }

    public override FileStatus? Lstat(ReadOnlySpan<byte> path) => LinuxFile.Lstat(_top, path);

    public override List<byte[]> ReadDirectory(ReadOnlySpan<byte> path) => LinuxFile.ReadDirectory(Host(path));

    public override byte[] ReadLink(ReadOnlySpan<byte> path) => LinuxFile.ReadLink(Host(path));

    public override byte[]? GetXattr(ReadOnlySpan<byte> path, string name) => LinuxFile.GetXattr(Host(path), name);

    public override Stream OpenRead(ReadOnlySpan<byte> path) => LinuxFile.OpenRead(Host(path));

    public override string? HostFile(ReadOnlySpan<byte> path) => Encoding.UTF8.GetString(Host(path));

    private byte[] Host(ReadOnlySpan<byte> path) => path.IsEmpty ? _top : RawPath.Join(_top, path);
}
