using EksIr.Disk.Containers.Containerd;
using EksIr.Disk.Containers.Docker;
using EksIr.Disk.Containers.Logs;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers;

/// <summary>
/// Finds a container on a node root (full id, unique id prefix, or name) and builds its merged filesystem from
/// the runtime's layer directories — the engine behind diff, ls, cat, export and timeline.
/// </summary>
public static class ContainerFilesystems
{
    public static (ContainerRecord Container, OverlayFilesystem Filesystem) Open(EvidenceRoot root, string container, IEvidenceReadRecorder? recorder = null)
    {
        var record = Select(NodeContainers.List(root).Containers, container);
        return (record, Open(root, record, recorder));
    }

    /// <summary>The merged filesystem of a container already listed (a verb over every container lists them once).</summary>
    public static OverlayFilesystem Open(EvidenceRoot root, ContainerRecord record, IEvidenceReadRecorder? recorder = null)
    {
        if (record.State == KubeletLogFolders.RemovedState)
        {
            throw new EvidenceAccessException(record.Id,
                $"container {record.Name} was removed: the runtime keeps no record of it, and its filesystem went with it (its logs may remain: logs --container)");
        }

        if (record.Runtime == "docker")
        {
            if (record.Snapshotter is { Length: > 0 } driver && driver != "overlay2")
            {
                throw DockerStore.NotRead(EvidenceName.Of(driver, $"storage driver of container {record.Id}"), $"container {record.Id}'s files are not merged");
            }

            return new OverlayFilesystem(new DockerStore(root).Layers(record.Id), root.Volume, recorder ?? root.Recorder);
        }

        var meta = ContainerdMetadataStore.Open(root);
        var snapshotter = record.Snapshotter ?? ContainerdSnapshotters.Overlayfs; // containerd's default when a container names none
        if (ContainerdSnapshotters.Refusal(snapshotter) is { } refusal)
        {
            throw new EvidenceAccessException(record.Id, snapshotter == "native" && NativeFolder(root, meta, record) is { } folder
                ? $"{refusal}; this container's folder is {folder}"
                : refusal);
        }

        var name = meta.SnapshotName(record.Namespace, snapshotter, record.SnapshotKey ?? record.Id)
                   ?? throw new EvidenceAccessException(ContainerdPaths.MetaDb, $"container {record.Id} has no snapshot record (key '{record.SnapshotKey}')");
        var snapshots = OverlayfsSnapshotStore.Open(root);
        var chain = snapshots.Chain(name);
        if (chain.Count == 0)
        {
            throw new EvidenceAccessException(ContainerdPaths.OverlayfsMetadataDb, $"snapshot '{name}' of container {record.Id} is not in the snapshotter's database");
        }

        var layers = chain.Select(s =>
        {
            var evidencePath = ContainerdPaths.OverlayfsLayer(EvidenceName.Of(s.Id, $"{ContainerdPaths.OverlayfsMetadataDb}: snapshot id"));
            if (!root.DirectoryExists(evidencePath))
            {
                throw new EvidenceAccessException(evidencePath, $"layer directory of snapshot {s.Id} ({s.Kind}) is missing");
            }

            return new OverlayLayer(s.Id, root.VolumePath(root.Resolve(evidencePath)), evidencePath, $"snapshot {s.Key} ({s.Kind})");
        }).ToArray();
        return new OverlayFilesystem(layers, root.Volume, recorder ?? root.Recorder);
    }

    /// <summary>The native snapshotter's folder holding a container's files (a full copy), when its records lead there.</summary>
    private static string? NativeFolder(EvidenceRoot root, ContainerdMetadataStore meta, ContainerRecord record)
    {
        if (meta.SnapshotName(record.Namespace, "native", record.SnapshotKey ?? record.Id) is not { } name || !root.FileExists(ContainerdPaths.NativeMetadataDb))
        {
            return null;
        }

        var snapshot = OverlayfsSnapshotStore.Open(root, ContainerdPaths.NativeMetadataDb).Find(name);
        return snapshot is null ? null : $"{ContainerdPaths.NativeRoot}/snapshots/{EvidenceName.Of(snapshot.Id, ContainerdPaths.NativeMetadataDb + ": snapshot id")}";
    }

    /// <summary>A container by full id, unique id prefix, runtime name, Kubernetes container name, or pod/container.</summary>
    public static ContainerRecord Select(IReadOnlyList<ContainerRecord> containers, string wanted)
    {
        if (string.IsNullOrWhiteSpace(wanted))
        {
            throw new EvidenceAccessException("--container", "give a container id, id prefix or name");
        }

        var exact = containers.Where(c => c.Id == wanted).ToArray();
        if (exact.Length == 1)
        {
            return exact[0];
        }

        var byPrefix = containers.Where(c => c.Id.StartsWith(wanted, StringComparison.Ordinal)).ToArray();
        var byName = containers.Where(c => c.Name == wanted || c.ContainerName == wanted || (c.Pod is { } p && $"{p.Name}/{c.ContainerName}" == wanted)).ToArray();
        var matches = byPrefix.Concat(byName).DistinctBy(c => c.Id).ToArray();
        if (matches.Length > 1 && matches.Count(c => c.Kind != "sandbox") == 1)
        {
            return matches.Single(c => c.Kind != "sandbox"); // a pod's one application container, not its pause sandbox
        }
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new EvidenceAccessException(wanted, "no container with this id, id prefix or name on the node"),
            _ => throw new EvidenceAccessException(wanted, "matches several containers: " + string.Join(", ", matches.Select(c => $"{c.Id[..Math.Min(12, c.Id.Length)]} ({c.Name})")) + "; give more of the id"),
        };
    }
}
