using EksIr.Core.FileSystems;

namespace EksIr.Disk.Containers.Overlay;

/// <summary>
/// Mount points the container runtime made in a container's own layer. Before mounting, runc creates each mount's
/// destination the image lacks — an empty directory, or an empty file for a file bind mount — in the container's
/// writable layer: the OCI default mounts containerd gives every container (/proc, /dev, /dev/pts, /dev/shm,
/// /dev/mqueue, /sys, /sys/fs/cgroup, /run) and what kubelet binds in through the CRI (/etc/hosts, /etc/hostname,
/// /etc/resolv.conf, /dev/termination-log, the service account's token folder). Docker makes its own in the -init
/// layer, below the container's, which is why <c>docker diff</c> never shows them. Counted as runtime-made: an added
/// empty file or empty directory at exactly one of those paths, and a directory on the way to one (or one of them)
/// that holds nothing else the container changed and whose mode and owner are the image's. Anything with content
/// there (an /etc/resolv.conf with lines, a file dropped in /dev/shm) is the container's own change.
/// </summary>
public static class RuntimeMadeMountPoints
{
    public static readonly IReadOnlySet<string> Directories = new HashSet<string>(StringComparer.Ordinal)
    {
        "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/run",
        "/run/secrets/kubernetes.io/serviceaccount", "/var/run/secrets/kubernetes.io/serviceaccount",
    };

    public static readonly IReadOnlySet<string> Files = new HashSet<string>(StringComparer.Ordinal)
    {
        "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/dev/termination-log",
    };

    /// <summary>The folders above those paths (/etc, /sys/fs, /var/run/secrets, …), which runc makes on the way.</summary>
    private static readonly HashSet<string> OnTheWay = Directories.Concat(Files)
        .SelectMany(Ancestors).ToHashSet(StringComparer.Ordinal);

    /// <summary>The changes (in path order) with the runtime-made ones marked; a directory's changes below it are decided first.</summary>
    public static IEnumerable<FilesystemChange> Mark(OverlayFilesystem fs, IEnumerable<FilesystemChange> changesInPathOrder)
    {
        var marked = changesInPathOrder.ToList();
        var allBelowRuntimeMade = new Dictionary<string, bool>(StringComparer.Ordinal); // present: something below changed
        for (var i = marked.Count - 1; i >= 0; i--) // a path's descendants sort after it
        {
            var change = marked[i];
            bool? below = allBelowRuntimeMade.TryGetValue(change.Path, out var all) ? all : null;
            var made = IsRuntimeMade(fs, change, below);
            var parent = OverlayDiff.ParentOf(change.Path);
            allBelowRuntimeMade[parent] = allBelowRuntimeMade.GetValueOrDefault(parent, true) && made;
            if (made)
            {
                marked[i] = change with { RuntimeMade = true };
            }
        }

        return marked;
    }

    private static bool IsRuntimeMade(OverlayFilesystem fs, FilesystemChange change, bool? allBelowRuntimeMade)
    {
        if (change.Change == 'D' || change.Status is not { } status)
        {
            return false;
        }

        if (status.Kind == FileKind.File)
        {
            return change.Change == 'A' && status.Size == 0 && Files.Contains(change.Path);
        }

        if (status.Kind != FileKind.Directory || allBelowRuntimeMade == false)
        {
            return false;
        }

        if (allBelowRuntimeMade is null)
        {
            return change.Change == 'A' && Directories.Contains(change.Path); // added, and empty
        }

        return (Directories.Contains(change.Path) || OnTheWay.Contains(change.Path))
               && (change.Change == 'A' || SameModeAndOwnerAsImage(fs, change.Path, status));
    }

    private static bool SameModeAndOwnerAsImage(OverlayFilesystem fs, string path, FileStatus status) =>
        OverlayDiff.InLower(fs, OverlayDiff.Components(path)) is { } image
        && (image.Mode, image.Uid, image.Gid) == (status.Mode, status.Uid, status.Gid);

    private static IEnumerable<string> Ancestors(string path)
    {
        for (var parent = OverlayDiff.ParentOf(path); parent.Length > 0; parent = OverlayDiff.ParentOf(parent))
        {
            yield return parent;
        }
    }
}
