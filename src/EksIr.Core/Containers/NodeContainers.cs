using EksIr.Core.Bolt;
using EksIr.Core.Containers.Containerd;
using EksIr.Core.Containers.Docker;
using EksIr.Core.Evidence;

namespace EksIr.Core.Containers;

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

        if (ContainerdMetadataStore.Exists(root))
        {
            found = true;
            try
            {
                var store = ContainerdMetadataStore.Open(root);
                var images = new ContainerdImages(root, store);
                store.UseImageIds(images.ConfigIds());
                containerdImages = images;
                foreach (var ns in store.Namespaces())
                {
                    var inNamespace = store.Containers(ns).ToList();
                    var ids = inNamespace.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
                    containers.AddRange(inNamespace);
                    containers.AddRange(store.Sandboxes(ns).Where(s => !ids.Contains(s.Id))); // pods known only to the sandbox API
                }

                problems.AddRange(store.Problems);
                problems.AddRange(images.Problems);
            }
            catch (Exception e) when (e is BoltFormatException or EvidenceAccessException)
            {
                problems.Add(new EvidenceProblem(ContainerdPaths.MetaDb, "", e is BoltFormatException b ? b.Problem : e.Message));
            }
        }

        if (DockerStore.Exists(root))
        {
            found = true;
            var docker = new DockerStore(root);
            containers.AddRange(docker.Containers());
            problems.AddRange(docker.Problems);
        }

        if (!found)
        {
            throw new EvidenceAccessException(root.FullPath,
                $"no container runtime state found (looked for {ContainerdPaths.MetaDb} and {DockerPaths.Containers}); is this the node's root folder?");
        }

        return new ContainerListing(containers, problems);
    }
}
