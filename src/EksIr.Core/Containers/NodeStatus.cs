using EksIr.Core.Containers.Containerd;
using EksIr.Core.Containers.Docker;
using EksIr.Core.Evidence;

namespace EksIr.Core.Containers;

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
            var engineContainers = containers.Containers.Where(c => c.Runtime == runtime).ToArray();
            var engineImages = images.Images.Where(i => i.Runtime == runtime).ToArray();
            var present = runtime == "docker" ? DockerStore.Exists(root) : ContainerdMetadataStore.Exists(root);
            if (!present)
            {
                continue;
            }

            engines.Add(new EngineStatus(
                runtime,
                versions.Of(runtime),
                runtime == "docker" ? DockerDriver(root) : "overlayfs",
                engineContainers.Length,
                engineContainers.Count(c => c.State == "running"),
                engineContainers.Count(c => c.Kind == "sandbox"),
                engineImages.Length,
                engineImages.Count(i => i.Names.Count == 0),
                versions.Of(runtime) is null ? versions.Unknown : null));
        }

        return new NodeStatus(engines, images.Problems); // the containers' problems are among the images'

    }

    private static string DockerDriver(EvidenceRoot root) =>
        new[] { "overlay2" }.Concat(DockerPaths.OtherDrivers)
            .FirstOrDefault(d => root.DirectoryExists($"{DockerPaths.Root}/image/{d}")) ?? "unknown";
}

/// <summary>One engine on the node: version (when the package database tells; else why not), storage driver, counts.</summary>
public sealed record EngineStatus(string Runtime, string? Version, string StorageDriver, int Containers, int Running, int PodSandboxes, int Images, int UnnamedImages,
    string? VersionUnknown = null);
