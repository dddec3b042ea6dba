using EksIr.Core.Time;

namespace EksIr.Core.Containers;

/// <summary>
/// A container as found on a node's disk, runtime-neutral. <see cref="Kind"/> is CRI's sandbox/container (null
/// outside Kubernetes). <see cref="State"/> is what the disk can tell: a dead disk has no /run, so containerd
/// containers are "unknown" (Docker records its last state in config.v2.json).
/// </summary>
public sealed record ContainerRecord(
    string Id,
    string Name,
    string Runtime,
    string Namespace,
    string Image,
    string? ImageId,
    string State,
    PreciseTime? CreatedAt,
    PreciseTime? UpdatedAt,
    string? Kind,
    PodRef? Pod,
    string? ContainerName,
    IReadOnlyDictionary<string, string> Labels,
    string? Snapshotter,
    string? SnapshotKey,
    string? RuntimeName,
    ContainerSecurity Security);
