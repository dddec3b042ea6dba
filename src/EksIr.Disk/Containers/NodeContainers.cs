using EksIr.Core.Bolt;
using EksIr.Disk.Containers.Containerd;
using EksIr.Disk.Containers.Docker;
using EksIr.Disk.Containers.Logs;
using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers;

/// <summary>
/// The <c>containers</c> verb's engine: every container a node root holds, from each runtime found under it
/// (containerd and Docker). A runtime whose store cannot be read at all is reported as a problem and the
/// other runtimes are still listed.
/// </summary>
public static class NodeContainers
{
    public static ContainerListing List(EvidenceRoot root) => List(root, out _);

    /// <summary>As <see cref="List(EvidenceRoot)"/>, also handing back containerd's resolved images for the same verb to reuse.</summary>
    internal static ContainerListing List(EvidenceRoot root, out ContainerdImages? containerdImages)
    {
        containerdImages = null;
        var containers = new List<ContainerRecord>();
        var problems = root.Problems.Select(p => new EvidenceProblem(p.Volume, p.Where, p.Problem)).ToList(); // a damaged archive's skipped members
        var found = false;
        var complete = true; // every runtime's records read: only then is a log folder no container claims a removed container
        var runtimes = new HashSet<string>(StringComparer.Ordinal);

        if (ContainerdMetadataStore.Exists(root))
        {
            found = true;
            runtimes.Add("containerd");
            try
            {
                var store = ContainerdMetadataStore.Open(root);
                var images = new ContainerdImages(root, store);
                store.UseImageIds(images.ConfigIds());
                containerdImages = images;
                var checkpoints = CriStatusCheckpoint.ContainerIds(root, problems).ToHashSet(StringComparer.Ordinal);
                foreach (var ns in store.Namespaces())
                {
                    var inNamespace = store.Containers(ns).Select(c => WithCriStatus(root, c, checkpoints, problems)).ToList();
                    var ids = inNamespace.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
                    containers.AddRange(inNamespace);
                    containers.AddRange(store.Sandboxes(ns).Where(s => !ids.Contains(s.Id))); // pods known only to the sandbox API
                }

                var listed = containers.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
                containers.AddRange(checkpoints.Where(id => !listed.Contains(id)).Order(StringComparer.Ordinal)
                    .Select(id => Forgotten(root, id, problems)).OfType<ContainerRecord>());
                problems.AddRange(store.Problems);
                problems.AddRange(images.Problems);
            }
            catch (Exception e) when (e is BoltFormatException or EvidenceAccessException)
            {
                problems.Add(new EvidenceProblem(ContainerdPaths.MetaDb, "", e is BoltFormatException b ? b.Problem : e.Message));
                complete = false;
            }
        }

        if (DockerStore.Exists(root))
        {
            found = true;
            runtimes.Add("docker");
            var docker = new DockerStore(root);
            containers.AddRange(docker.Containers());
            problems.AddRange(docker.Problems);
        }

        if (found && complete)
        {
            var runtime = runtimes.Count == 1 ? runtimes.Single() : "unknown";
            containers.AddRange(KubeletLogFolders.Removed(root, containers, runtime, problems).ToList());
        }
        else if (!found)
        {
            throw new EvidenceAccessException(root.FullPath,
                $"no container runtime state found (looked for {ContainerdPaths.MetaDb} and {DockerPaths.Containers}); is this the node's root folder?");
        }

        return new ContainerListing(containers, problems);
    }

    /// <summary>
    /// A container whose CRI status checkpoint outlived its meta.db record (containerd removes the record first, then
    /// the checkpoint's folder): removed, with the times and exit code the checkpoint kept.
    /// </summary>
    private static ContainerRecord? Forgotten(EvidenceRoot root, string id, List<EvidenceProblem> problems) =>
        CriStatusCheckpoint.TryRead(root, id, problems) is var (_, created, status)
            ? new ContainerRecord(id, id, "containerd", "", "", null, KubeletLogFolders.RemovedState, created, null, "container", null, null,
                new Dictionary<string, string>(), null, null, null, ContainerSecurity.Unknown, status)
            : null;

    /// <summary>A containerd container with the state its CRI status checkpoint gives (sandboxes and non-CRI containers have none).</summary>
    private static ContainerRecord WithCriStatus(EvidenceRoot root, ContainerRecord container, HashSet<string> checkpoints, List<EvidenceProblem> problems)
    {
        if (!checkpoints.Contains(container.Id) || CriStatusCheckpoint.TryRead(root, container.Id, problems) is not var (state, _, status))
        {
            return container;
        }

        return container with { State = state, RunStatus = status };
    }
}
