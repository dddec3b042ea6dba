namespace EksIr.Disk.Containers.Containerd;

/// <summary>Where containerd keeps its persistent state under a node root.</summary>
public static class ContainerdPaths
{
    public const string Root = "var/lib/containerd";
    public const string MetaDb = Root + "/io.containerd.metadata.v1.bolt/meta.db";
    public const string OverlayfsRoot = Root + "/io.containerd.snapshotter.v1.overlayfs";
    public const string OverlayfsMetadataDb = OverlayfsRoot + "/metadata.db";

    public const string NativeRoot = Root + "/io.containerd.snapshotter.v1.native";
    public const string NativeMetadataDb = NativeRoot + "/metadata.db";

    public static string OverlayfsLayer(string snapshotId) => $"{OverlayfsRoot}/snapshots/{snapshotId}/fs";
}
