using EksIr.Core.FileSystems;

namespace EksIr.Core.Containers.Overlay;

/// <summary>
/// <c>docker diff</c> for an overlay container. Each entry of the upper layer is classified as moby's
/// pkg/archive changes() does: a whiteout (char device 0/0, or a .wh. file) is D; an opaque directory that exists
/// in a lower layer is D (it replaced the image's directory; its contents then show as A/C); any other entry is C
/// when the path exists in some lower layer and A otherwise — a directory whose size, mode and mtime equal the
/// lower one's is not a change by itself. Then, as dockerd 20.10 prints it (checked against the real engine in
/// the tests), every directory above a change is listed as C once. Output is in path order. A directory of the
/// upper layer that cannot be read, or lies deeper than <see cref="PathDepth.MaxComponents"/> components, is one of
/// the filesystem's <see cref="OverlayFilesystem.Problems"/>, never a silent gap.
/// </summary>
public static class OverlayDiff
{
    public static IEnumerable<FilesystemChange> Changes(OverlayFilesystem fs)
    {
        var changes = new SortedDictionary<string, FilesystemChange>(StringComparer.Ordinal);
        foreach (var change in UpperChanges(fs))
        {
            changes.TryAdd(change.Path, change);
            for (var parent = ParentOf(change.Path); parent.Length > 0 && !changes.ContainsKey(parent); parent = ParentOf(parent))
            {
                changes[parent] = new FilesystemChange(parent, 'C', fs.Volume.Lstat(fs.LayerPath(0, Components(parent))), null);
            }
        }

        return changes.Values;
    }

    private static string ParentOf(string path) => path[..Math.Max(path.LastIndexOf('/'), 0)];

    private static List<byte[]> Components(string displayPath) =>
        RawPath.Components(RawPath.Parse(displayPath)).ToList();

    private static IEnumerable<FilesystemChange> UpperChanges(OverlayFilesystem fs)
    {
        if (fs.Layers.Count == 0)
        {
            yield break;
        }

        var stack = new Stack<List<byte[]>>();
        stack.Push([]);
        while (stack.TryPop(out var dir))
        {
            List<byte[]> names;
            try
            {
                names = fs.Volume.ReadDirectory(fs.LayerPath(0, dir));
            }
            catch (IOException e)
            {
                fs.Report(0, dir, "not readable: " + e.Message + "; what it holds is not in the diff");
                continue;
            }

            names.RemoveAll(n => n.AsSpan().StartsWith(".wh..wh."u8)); // overlay/AUFS metadata (opaque marker, hard-link dir), not a file of the container
            if (dir.Count >= PathDepth.MaxComponents)
            {
                if (names.Count > 0)
                {
                    fs.Report(0, dir, PathDepth.EntriesNotFollowed(names.Count));
                }

                continue;
            }

            var subdirectories = new List<List<byte[]>>();
            foreach (var name in names)
            {
                List<byte[]> path = [.. dir, name];
                FilesystemChange? change;
                try
                {
                    change = Classify(fs, dir, name, path, subdirectories);
                }
                catch (IOException e)
                {
                    fs.Report(0, path, "not readable: " + e.Message + "; left out of the diff");
                    continue;
                }

                if (change is not null)
                {
                    yield return change;
                }
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                stack.Push(subdirectories[i]);
            }
        }
    }

    /// <summary>One entry of the upper layer as a change (null when it is none); a directory is also queued to be walked.</summary>
    private static FilesystemChange? Classify(OverlayFilesystem fs, List<byte[]> dir, byte[] name, List<byte[]> path, List<List<byte[]>> subdirectories)
    {
        var host = fs.LayerPath(0, path);
        var status = fs.Volume.Lstat(host);
        if (status is null)
        {
            return null;
        }

        if (status.Kind == FileKind.Directory)
        {
            subdirectories.Add(path);
        }

        var display = OverlayFilesystem.Display(path);
        var link = status.Kind == FileKind.SymbolicLink ? RawPath.Display(fs.Volume.ReadLink(host)) : null;
        if (IsAufsWhiteout(name, out var deletedName))
        {
            return deletedName.Length == 0 ? null : new FilesystemChange(OverlayFilesystem.Display([.. dir, deletedName]), 'D', status, null);
        }

        if (status.IsWhiteout || (status.Kind == FileKind.Directory && fs.IsOpaque(host) && InLower(fs, path) is not null))
        {
            return new FilesystemChange(display, 'D', status, link);
        }

        if (InLower(fs, path) is { } lower)
        {
            return status.Kind == FileKind.Directory && lower.Kind == FileKind.Directory
                   && lower.Size == status.Size && lower.Mode == status.Mode && lower.ModifyTime == status.ModifyTime
                ? null
                : new FilesystemChange(display, 'C', status, link);
        }

        return new FilesystemChange(display, 'A', status, link);
    }

    /// <summary>The first lower layer's entry at a path (moby stats each lower layer in order), or null.</summary>
    private static FileStatus? InLower(OverlayFilesystem fs, List<byte[]> path)
    {
        for (var layer = 1; layer < fs.Layers.Count; layer++)
        {
            if (fs.Volume.Lstat(fs.LayerPath(layer, path)) is { } status)
            {
                return status;
            }
        }

        return null;
    }

    private static bool IsAufsWhiteout(byte[] name, out byte[] deleted)
    {
        ReadOnlySpan<byte> prefix = ".wh."u8;
        if (name.AsSpan().StartsWith(prefix) && !name.AsSpan().StartsWith(".wh..wh."u8))
        {
            deleted = name[prefix.Length..];
            return true;
        }

        deleted = [];
        return false;
    }
}
