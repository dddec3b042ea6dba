using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Containerd;

/// <summary>
/// A snapshot of containerd's overlayfs snapshotter (<c>metadata.db</c>: <c>v1/snapshots/&lt;key&gt;/{id, kind,
/// parent, createdat, updatedat}</c>); its files are in <c>snapshots/&lt;id&gt;/fs</c>.
/// Kind: 1 view, 2 active (a container's writable layer), 3 committed (an image layer).
/// </summary>
public sealed record OverlayfsSnapshot(string Key, string Id, string Kind, string? Parent, PreciseTime? CreatedAt, PreciseTime? UpdatedAt)
{
    public static string KindName(byte kind) => kind switch
    {
        1 => "view",
        2 => "active",
        3 => "committed",
        _ => "unknown",
    };
}
