using EksIr.Core.Time;

namespace EksIr.Disk.Containers;

/// <summary>
/// A container as found on a node's disk, runtime-neutral. <see cref="Kind"/> is CRI's sandbox/container (null
/// outside Kubernetes). <see cref="State"/> is what the disk can tell: Docker records its last state in
/// config.v2.json, containerd's CRI plugin in its status checkpoint (created, running, exited; <see cref="RunStatus"/>
/// has the pid, times and exit code); a container with neither (a sandbox, one made outside CRI) is "unknown", and one
/// only its kubelet log folder still tells of is "removed".
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
    ContainerSecurity Security,
    ContainerRunStatus? RunStatus = null);
