using EksIr.Disk.Containers.Containerd;
using EksIr.Disk.Containers.Docker;
using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers;

/// <summary>The <c>images</c> and <c>history</c> verbs' engine over every runtime on a node root.</summary>
public static class NodeImages
{
    public static ImageListing List(EvidenceRoot root) => List(root, out _);

    /// <summary>
    /// As <see cref="List(EvidenceRoot)"/>, also handing back the container listing it was built from. containerd's
    /// meta.db and content blobs are read once: the images resolved for the containers' image ids are reused, and
    /// their problems are already among the containers'.
    /// </summary>
    internal static ImageListing List(EvidenceRoot root, out ContainerListing containers)
    {
        containers = NodeContainers.List(root, out var containerd);
        var inUse = containers.Containers.Select(c => c.ImageId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var images = new List<ImageRecord>();
        var problems = new List<EvidenceProblem>(containers.Problems);
        if (containerd is not null)
        {
            images.AddRange(containerd.List(inUse));
        }

        if (DockerStore.Exists(root))
        {
            var docker = new DockerImages(root);
            images.AddRange(docker.List(inUse));
            problems.AddRange(docker.Problems);
        }

        return new ImageListing(images, problems);
    }

    public static ImageHistory History(EvidenceRoot root, string image)
    {
        var errors = new List<string>();
        if (DockerStore.Exists(root))
        {
            try
            {
                return new DockerImages(root).History(image);
            }
            catch (EvidenceAccessException e)
            {
                errors.Add("docker: " + e.Reason);
            }
        }

        if (ContainerdMetadataStore.Exists(root))
        {
            try
            {
                return new ContainerdImages(root, ContainerdMetadataStore.Open(root)).History(image);
            }
            catch (EvidenceAccessException e)
            {
                errors.Add("containerd: " + e.Reason);
            }
        }

        throw new EvidenceAccessException(image, errors.Count == 0 ? "no container runtime state on the node" : string.Join("; ", errors));
    }
}
