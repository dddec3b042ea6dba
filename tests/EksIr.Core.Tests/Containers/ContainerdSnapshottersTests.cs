using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Core.Tests.Bolt;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// Each container names its snapshotter in meta.db (<c>v1/&lt;ns&gt;/containers/&lt;id&gt;/snapshotter</c>, containerd
/// core/metadata/containers.go). Only overlayfs keeps change folders that merge; the names of the others are
/// containerd's built-in snapshotters and the proxy plugins EKS and GKE document (soci on EKS's SOCI, stargz, gcfs).
/// </summary>
public sealed class ContainerdSnapshottersTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("soci", "snapshotter 'soci' (AWS SOCI, lazy loading)")]
    [InlineData("stargz", "snapshotter 'stargz' (eStargz lazy pulling)")]
    [InlineData("gcfs", "snapshotter 'gcfs' (GKE image streaming)")]
    [InlineData("native", "snapshotter 'native' keeps every snapshot as a full copy")]
    [InlineData("devmapper", "snapshotter 'devmapper' keeps snapshots as subvolumes, datasets or block devices")]
    [InlineData("x\u001b[2J", "snapshotter 'x\u001b[2J' is not one this reader knows")]
    public void A_container_on_a_snapshotter_that_cannot_be_merged_is_refused_by_name_and_status_names_it(string snapshotter, string refusal)
    {
        var builder = new BoltFileBuilder();
        var container = builder.Root.Sub("v1").Sub("k8s.io").Sub("containers").Sub("a1b2c3d4e5f6");
        container.Put("image", "registry.example/app:1").Put("snapshotter", snapshotter).Put("snapshotKey", "a1b2c3d4e5f6");
        container.Sub("labels").Put("io.cri-containerd.kind", "container").Put("io.kubernetes.container.name", "app");
        File.WriteAllBytes(_temp.Write("node/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", ""), builder.Build());
        var root = new EvidenceRoot(_temp.Combine("node"));

        var error = Assert.Throws<EvidenceAccessException>(() => ContainerFilesystems.Open(root, "app"));

        Assert.Contains(refusal, error.Message);
        Assert.Equal(snapshotter, Assert.Single(NodeStatus.Of(root).Engines).StorageDriver);
    }
}
