namespace EksIr.Disk.Containers.Containerd;

/// <summary>
/// The snapshotter each containerd container names in meta.db (<c>v1/&lt;ns&gt;/containers/&lt;id&gt;/snapshotter</c>)
/// decides how its files are kept. Only overlayfs keeps a stack of change folders that merge into what the
/// container saw; for every other one, why not is said instead of reading the wrong folders.
/// </summary>
public static class ContainerdSnapshotters
{
    public const string Overlayfs = "overlayfs";

    /// <summary>Snapshotters built into containerd, whose folders are <c>var/lib/containerd/io.containerd.snapshotter.v1.&lt;name&gt;</c>.</summary>
    public static readonly IReadOnlyList<string> Known = [Overlayfs, "native", "btrfs", "zfs", "devmapper", "blockfile", "erofs"];

    /// <summary>Why a container on this snapshotter cannot be merged here; null for overlayfs.</summary>
    public static string? Refusal(string snapshotter) => snapshotter switch
    {
        Overlayfs => null,
        "native" =>
            "snapshotter 'native' keeps every snapshot as a full copy, not as changes: the container's files as it saw them are one folder, " +
            $"{ContainerdPaths.Root}/io.containerd.snapshotter.v1.native/snapshots/<id> (its id in that folder's metadata.db), to be read as a plain " +
            "directory; what it changed cannot be told from a layer here, so no merged view or diff is made",
        "soci" =>
            "snapshotter 'soci' (AWS SOCI, lazy loading): image layers are fetched from the registry on demand and mounted by the " +
            "soci-snapshotter daemon (FUSE), so they were never whole on the disk (state under var/lib/soci-snapshotter-grpc); not merged",
        "stargz" =>
            "snapshotter 'stargz' (eStargz lazy pulling): image layers are mounted from the registry by containerd-stargz-grpc (FUSE), " +
            "so they were never whole on the disk (state under var/lib/containerd-stargz-grpc); not merged",
        "gcfs" =>
            "snapshotter 'gcfs' (GKE image streaming): image layers are streamed from Google's storage and never whole on the disk; not merged",
        "btrfs" or "zfs" or "devmapper" or "blockfile" or "erofs" =>
            $"snapshotter '{snapshotter}' keeps snapshots as subvolumes, datasets or block devices, not folders this reader merges; not supported",
        _ => $"snapshotter '{snapshotter}' is not one this reader knows (only overlayfs is merged); not read",
    };
}
