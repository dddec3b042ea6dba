using System.Text;
using Microsoft.Win32.SafeHandles;

namespace EksIr.Core.FileSystems;

/// <summary>
/// A folder of the analysis host as a volume (a mounted, read-only node volume), read with byte-path system calls
/// made <em>beneath</em> the folder: every path's directory is opened from the folder's own handle by the kernel with
/// <c>RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS</c> (or an <c>O_NOFOLLOW</c> walk), and the final name is looked at
/// relative to it. A path that holds <c>..</c>, or a symbolic link anywhere but at its end, is refused — it can never
/// name a file of the analysis host, whatever bytes it holds.
/// </summary>
public sealed class HostFolderVolume : EvidenceVolume, IDisposable
{
    private const int CachedDirectories = 64;
    private readonly byte[] _top;
    private readonly SafeFileHandle _topHandle;
    private readonly Dictionary<string, SafeFileHandle?> _directories = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private readonly bool _tryOpenat2;

    public HostFolderVolume(string folder)
        : this(folder, tryOpenat2: true)
    {
    }

    /// <summary>With <paramref name="tryOpenat2"/> false, always the O_NOFOLLOW walk (as where openat2 is filtered).</summary>
    internal HostFolderVolume(string folder, bool tryOpenat2)
    {
        _tryOpenat2 = tryOpenat2;
        Location = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        // The top itself may be a link the analyst made (evidence -> /mnt/node); names below it are never followed.
        var top = new DirectoryInfo(Location) is { LinkTarget: not null } link ? link.ResolveLinkTarget(returnFinalTarget: true)!.FullName : Location;
        _top = Encoding.UTF8.GetBytes(top);
        _topHandle = LinuxFile.OpenTop(_top);
    }

    public override string Location { get; }

    public override FileStatus? Lstat(ReadOnlySpan<byte> path)
    {
        ReadOnlySpan<byte> directory = DirectoryOf(path), name = NameOf(path);
        lock (_lock)
        {
            return Directory(directory, missingIsNull: true) is { } handle ? LinuxFile.LstatAt(handle, name) : null;
        }
    }

    public override List<byte[]> ReadDirectory(ReadOnlySpan<byte> path)
    {
        ReadOnlySpan<byte> directory = DirectoryOf(path), name = NameOf(path);
        lock (_lock)
        {
            return LinuxFile.ReadDirectoryAt(Directory(directory, missingIsNull: false)!, name, path);
        }
    }

    public override byte[] ReadLink(ReadOnlySpan<byte> path)
    {
        ReadOnlySpan<byte> directory = DirectoryOf(path), name = NameOf(path);
        lock (_lock)
        {
            return LinuxFile.ReadLinkAt(Directory(directory, missingIsNull: false)!, name);
        }
    }

    public override byte[]? GetXattr(ReadOnlySpan<byte> path, string name)
    {
        ReadOnlySpan<byte> directory = DirectoryOf(path), file = NameOf(path);
        lock (_lock)
        {
            return Directory(directory, missingIsNull: true) is { } handle ? LinuxFile.GetXattrAt(handle, file, name) : null;
        }
    }

    public override Stream OpenRead(ReadOnlySpan<byte> path)
    {
        ReadOnlySpan<byte> directory = DirectoryOf(path), name = NameOf(path);
        if (name.IsEmpty)
        {
            throw new IOException($"{Location}: the top of the evidence is a folder, not a file");
        }

        lock (_lock)
        {
            return LinuxFile.OpenReadAt(Directory(directory, missingIsNull: false)!, name);
        }
    }

    /// <summary>
    /// The host path of a regular file, for an engine that opens files by name itself (DuckDB): only after checking
    /// that the path stays beneath the top without a link on the way and names a regular file; null when the name
    /// is not UTF-8 (a .NET or C path string could not name that file exactly).
    /// </summary>
    public override string? HostFile(ReadOnlySpan<byte> path)
    {
        if (Lstat(path) is not { Kind: FileKind.File })
        {
            throw new IOException($"{RawPath.Display(path)}: not a regular file below {Location}");
        }

        var host = RawPath.Join(_top, path);
        try
        {
            return new UTF8Encoding(false, true).GetString(host);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var handle in _directories.Values)
            {
                handle?.Dispose();
            }

            _directories.Clear();
            _topHandle.Dispose();
        }
    }

    private static ReadOnlySpan<byte> DirectoryOf(ReadOnlySpan<byte> path) => path.LastIndexOf((byte)'/') is var slash and >= 0 ? path[..slash] : [];

    private static ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> path) => path[(path.LastIndexOf((byte)'/') + 1)..];

    /// <summary>The opened directory (cached: a listing looks at every name of one directory in a row).</summary>
    private SafeFileHandle? Directory(ReadOnlySpan<byte> directory, bool missingIsNull)
    {
        if (directory.IsEmpty)
        {
            return _topHandle;
        }

        var key = Encoding.Latin1.GetString(directory); // byte-exact
        if (!_directories.TryGetValue(key, out var handle))
        {
            if (_directories.Count >= CachedDirectories)
            {
                foreach (var old in _directories.Values)
                {
                    old?.Dispose();
                }

                _directories.Clear();
            }

            handle = LinuxFile.OpenDirectoryBeneath(_topHandle, directory, _tryOpenat2);
            _directories[key] = handle;
        }

        return handle ?? (missingIsNull ? null : throw new IOException($"{RawPath.Display(directory)}: no such directory below {Location}"));
    }
}
