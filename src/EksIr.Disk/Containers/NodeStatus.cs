using EksIr.Disk.Containers.Containerd;
using EksIr.Disk.Containers.Docker;
using EksIr.Disk.Containers.Logs;
using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers;

/// <summary>
/// The <c>status</c> verb (dof's first step): which container engines the node ran, their versions where the
/// node's package database tells (<see cref="EngineVersions"/>; else why not), the storage drivers, and how many containers
/// (running when the disk was captured, per the engine's own records) and images — named or not — it holds.
/// </summary>
public sealed record NodeStatus(IReadOnlyList<EngineStatus> Engines, IReadOnlyList<EvidenceProblem> Problems)
{
    public static NodeStatus Of(EvidenceRoot root)
    {
        var images = NodeImages.List(root, out var containers);
        var versions = EngineVersions.Of(root);
        var engines = new List<EngineStatus>();
        foreach (var runtime in new[] { "containerd", "docker" })
        {
            var engineContainers = containers.Containers.Where(c => c.Runtime == runtime && c.State != KubeletLogFolders.RemovedState).ToArray();
            var engineImages = images.Images.Where(i => i.Runtime == runtime).ToArray();
            var present = runtime == "docker" ? DockerStore.Exists(root) : ContainerdMetadataStore.Exists(root);
            if (!present)
            {
                continue;
            }

            engines.Add(new EngineStatus(
                runtime,
                versions.Of(runtime),
                runtime == "docker" ? DockerDriver(root) : Snapshotters(root, engineContainers),
                engineContainers.Length,
                engineContainers.Count(c => c.State == "running"),
                engineContainers.Count(c => c.Kind == "sandbox"),
                engineImages.Length,
                engineImages.Count(i => i.Names.Count == 0),
                versions.Of(runtime) is null ? versions.Unknown : null,
                containers.Containers.Count(c => c.Runtime == runtime && c.State == KubeletLogFolders.RemovedState),
                engineImages.Count(i => i.Missing is not null)));
        }

        return new NodeStatus(engines, images.Problems); // the containers' problems are among the images'

    }

    /// <summary>The snapshotters containerd's containers name in meta.db, else those whose folder is on the disk.</summary>
    private static string Snapshotters(EvidenceRoot root, IEnumerable<ContainerRecord> containers)
    {
        var named = containers.Select(c => c.Snapshotter).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (named.Length > 0)
        {
            return string.Join(", ", named);
        }

        var folders = ContainerdSnapshotters.Known.Where(s => root.DirectoryExists($"{ContainerdPaths.Root}/io.containerd.snapshotter.v1.{s}")).ToArray();
        return folders.Length > 0 ? string.Join(", ", folders) : "unknown";
    }

    private static string DockerDriver(EvidenceRoot root) => DockerStore.Driver(root) ?? "unknown";
}

/// <summary>
/// One engine on the node: version (when the package database tells; else why not, <see cref="VersionUnknown"/>),
/// storage driver (containerd: the snapshotters its containers use), counts. <see cref="RemovedContainers"/>: containers
/// only a kubelet log folder or a CRI checkpoint still tells of (not among <see cref="Containers"/>);
/// <see cref="ImagesMissingContent"/>: images named whose manifest or config blob is gone.
/// </summary>
public sealed record EngineStatus(string Runtime, string? Version, string StorageDriver, int Containers, int Running, int PodSandboxes, int Images, int UnnamedImages,
    string? VersionUnknown = null, int RemovedContainers = 0, int ImagesMissingContent = 0);
