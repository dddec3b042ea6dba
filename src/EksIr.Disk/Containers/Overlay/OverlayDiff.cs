using System.Text;
using EksIr.Core.FileSystems;

namespace EksIr.Disk.Containers.Overlay;

/// <summary>
/// <c>docker diff</c> for an overlay container, as dockerd prints it (20.10 with overlay2 on a kernel with
/// redirect_dir: moby's "naive" diff, the merged image against the merged container; checked against the real engine
/// in the tests). Each entry of the upper layer is classified: a whiteout (char device 0/0, or a .wh. file) is D; any
/// other entry is C when the path exists in some lower layer and A otherwise — a directory whose size, mode and mtime
/// equal the lower one's is not a change by itself. An opaque directory (one made again where the image had one) is
/// compared with the image's: it is C like any directory, each name the image had under it and it lacks is D (with the
/// opaque directory's times: when it replaced them), and what it holds is A or C against the image. Then every
/// directory above a change is listed as C once. Output is in path order; mount points the runtime made are marked
/// (<see cref="RuntimeMadeMountPoints"/>). A directory of the upper layer that cannot be read, or lies deeper than
/// <see cref="PathDepth.MaxComponents"/> components, is one of the filesystem's <see cref="OverlayFilesystem.Problems"/>,
/// never a silent gap.
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

        return RuntimeMadeMountPoints.Mark(fs, changes.Values);
    }

    internal static string ParentOf(string path) => path[..Math.Max(path.LastIndexOf('/'), 0)];

    internal static List<byte[]> Components(string displayPath) =>
        RawPath.Components(RawPath.Parse(displayPath)).ToList();

    private static IEnumerable<FilesystemChange> UpperChanges(OverlayFilesystem fs)
    {
        if (fs.Layers.Count == 0 || !fs.HasLayerDirectory(0))
        {
            yield break; // no upper layer: nothing the container changed is known (said among the problems)
        }

        OverlayFilesystem? image = null; // the image's merged view (the lower layers), for what an opaque directory hides
        var stack = new Stack<(List<byte[]> Path, bool UpperOnly)>();
        stack.Push(([], false));
        while (stack.TryPop(out var item))
        {
            var (dir, upperOnly) = item;
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

            if (upperOnly && fs.Layers.Count > 1)
            {
                image ??= new OverlayFilesystem(fs.Layers.Skip(1).ToArray(), fs.Volume);
                foreach (var hidden in HiddenInImage(fs, image, dir, names))
                {
                    yield return hidden;
                }
            }

            var subdirectories = new List<(List<byte[]>, bool)>();
            foreach (var name in names)
            {
                List<byte[]> path = [.. dir, name];
                FilesystemChange? change;
                try
                {
                    change = Classify(fs, dir, name, path, upperOnly, subdirectories);
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

    /// <summary>
    /// The image's entries in a directory whose content is the upper layer's alone (an opaque directory, or one below
    /// it) that the container's copy lacks: each is D, at the time the directory was made again.
    /// </summary>
    private static IEnumerable<FilesystemChange> HiddenInImage(OverlayFilesystem fs, OverlayFilesystem image, List<byte[]> dir, List<byte[]> upperNames)
    {
        IReadOnlyList<MergedEntry> below;
        FileStatus? replaced;
        try
        {
            if (image.Lookup(RawPath.Parse(OverlayFilesystem.Display(dir)), followFinalLink: false) is not { Status.Kind: FileKind.Directory } inImage)
            {
                yield break;
            }

            below = image.List(inImage);
            replaced = fs.Volume.Lstat(fs.LayerPath(0, dir));
        }
        catch (IOException e)
        {
            fs.Report(1, dir, "the image's copy is not readable: " + e.Message + "; what the container's opaque directory hides there is not in the diff");
            yield break;
        }

        var present = upperNames.Select(n => Encoding.Latin1.GetString(n)).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in below.Where(e => !present.Contains(Encoding.Latin1.GetString(e.Name))))
        {
            yield return new FilesystemChange(entry.DisplayPath, 'D', replaced, null);
        }
    }

    /// <summary>One entry of the upper layer as a change (null when it is none); a directory is also queued to be walked.</summary>
    private static FilesystemChange? Classify(OverlayFilesystem fs, List<byte[]> dir, byte[] name, List<byte[]> path, bool upperOnly, List<(List<byte[]>, bool)> subdirectories)
    {
        var host = fs.LayerPath(0, path);
        var status = fs.Volume.Lstat(host);
        if (status is null)
        {
            return null;
        }

        if (status.Kind == FileKind.Directory)
        {
            subdirectories.Add((path, upperOnly || fs.IsOpaque(host))); // an opaque directory's content is the upper layer's alone
        }

        var display = OverlayFilesystem.Display(path);
        var link = status.Kind == FileKind.SymbolicLink ? RawPath.Display(fs.Volume.ReadLink(host)) : null;
        if (IsAufsWhiteout(name, out var deletedName))
        {
            return deletedName.Length == 0 ? null : new FilesystemChange(OverlayFilesystem.Display([.. dir, deletedName]), 'D', status, null);
        }

        if (status.IsWhiteout)
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
    internal static FileStatus? InLower(OverlayFilesystem fs, IReadOnlyList<byte[]> path)
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
