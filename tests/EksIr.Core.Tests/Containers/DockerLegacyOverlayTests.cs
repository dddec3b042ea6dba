using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// A node whose dockerd ran the legacy <c>overlay</c> storage driver (Docker's documented layout:
/// image/overlay/… and overlay/&lt;id&gt;/{root, upper, lower-id, work}), built in code: refused by name, never an empty answer.
/// </summary>
public sealed class DockerLegacyOverlayTests : IDisposable
{
    private const string Id = "5f1e0c2b7a9d4e3f8a6b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f";
    private readonly TempDir _temp = new();

    public DockerLegacyOverlayTests()
    {
        _temp.Write($"var/lib/docker/containers/{Id}/config.v2.json",
            $$$"""{"ID":"{{{Id}}}","Name":"/old-web","Driver":"overlay","Created":"2026-11-29T06:00:00.123456789Z","Image":"sha256:{{{new string('a', 64)}}}","Config":{"Image":"busybox:1.36"},"State":{"Running":false,"StartedAt":"2026-11-29T06:00:01Z","FinishedAt":"2026-11-29T06:10:00Z"}}""");
        _temp.Write("var/lib/docker/image/overlay/repositories.json", """{"Repositories":{"busybox":{"busybox:1.36":"sha256:""" + new string('a', 64) + "\"}}}");
        _temp.Write($"var/lib/docker/image/overlay/imagedb/content/sha256/{new string('a', 64)}", """{"created":"2026-11-01T00:00:00Z","history":[]}""");
        _temp.Write($"var/lib/docker/image/overlay/layerdb/mounts/{Id}/mount-id", "b1" + new string('0', 62));
        _temp.Write($"var/lib/docker/overlay/b1{new string('0', 62)}/upper/tmp/dropped.sh", "#!/bin/sh\n");
        _temp.Write($"var/lib/docker/overlay/b1{new string('0', 62)}/lower-id", "c2" + new string('0', 62));
        _temp.Write($"var/lib/docker/overlay/c2{new string('0', 62)}/root/bin/sh", "busybox");
    }

    public void Dispose() => _temp.Dispose();

    private EvidenceRoot Root => new(_temp.Path);

    [Fact]
    public void Images_of_the_legacy_overlay_driver_are_refused_by_name_not_listed_as_none()
    {
        var listing = NodeImages.List(Root);

        Assert.Empty(listing.Images);
        var problem = Assert.Single(listing.Problems);
        Assert.Equal("var/lib/docker/overlay", problem.File);
        Assert.StartsWith("storage driver overlay is not read: only overlay2's image store and layers are; its images are not listed", problem.Problem);
    }

    [Fact]
    public void Status_names_the_driver_and_the_container_is_listed_but_its_diff_is_refused_with_the_reason()
    {
        var status = NodeStatus.Of(Root);
        var docker = Assert.Single(status.Engines);
        Assert.Equal(("overlay", 1), (docker.StorageDriver, docker.Containers));
        Assert.Contains(status.Problems, p => p.Problem.StartsWith("storage driver overlay is not read", StringComparison.Ordinal));

        var refused = Assert.Throws<EvidenceAccessException>(() => ContainerDiff.Of(Root, "old-web"));

        Assert.Equal($"var/lib/docker/overlay: storage driver overlay is not read: only overlay2's image store and layers are; container {Id}'s files are not merged", refused.Message);
        Assert.Contains("storage driver overlay is not read", Assert.Throws<EvidenceAccessException>(() => NodeImages.History(Root, "busybox:1.36")).Message);
    }
}
