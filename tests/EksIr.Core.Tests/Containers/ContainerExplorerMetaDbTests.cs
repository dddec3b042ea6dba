using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Containerd;
using EksIr.Core.Evidence;
using EksIr.Tests;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// A containerd metadata store made by someone else: google/container-explorer's <c>test_data/dfirlabs/meta.db</c> and the
/// overlayfs snapshotter's <c>metadata.db</c> beside it (Apache-2.0; tests/RealWorld/PROVENANCE.md), from a containerd
/// of December 2021 after dfirlabs/containerd-specimens' generate-specimens.sh ran <c>ctr images pull</c> and
/// <c>ctr container create</c> for nginx-specimen (namespace default) and redis-specimen (namespace dfirlabs). Only the
/// two databases were kept: no content blobs, no snapshot folders. Expected values are container-explorer's run_test.sh
/// assertions, the script's own commands, and what <c>strings</c>/<c>xxd</c> show of the file (quoted beside each).
/// </summary>
public sealed class ContainerExplorerMetaDbTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly EvidenceRoot _root;

    public ContainerExplorerMetaDbTests()
    {
        var sample = Repo.Path("tests", "RealWorld", "containerd");
        Directory.CreateDirectory(_temp.Combine("var", "lib", "containerd", "io.containerd.metadata.v1.bolt"));
        Directory.CreateDirectory(_temp.Combine("var", "lib", "containerd", "io.containerd.snapshotter.v1.overlayfs"));
        File.Copy(Path.Combine(sample, "meta.db"), _temp.Combine(ContainerdPaths.MetaDb));
        File.Copy(Path.Combine(sample, "metadata.db"), _temp.Combine(ContainerdPaths.OverlayfsMetadataDb));
        _root = new EvidenceRoot(_temp.Path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Namespaces_images_and_containers_are_the_ones_container_explorers_test_asserts()
    {
        var store = ContainerdMetadataStore.Open(_root);

        // run_test.sh: namespaces default and dfirlabs exist, non-prod does not; image nginx:latest in default and
        // redis:latest in dfirlabs; container nginx-specimen in default, redis-specimen in dfirlabs; nothing in prod.
        Assert.Equal(["default", "dfirlabs"], store.Namespaces());
        Assert.Equal(["docker.io/library/nginx:latest"], store.Images("default").Select(i => i.Name));
        Assert.Equal(["docker.io/library/redis:latest"], store.Images("dfirlabs").Select(i => i.Name));
        Assert.Equal([("nginx-specimen", "docker.io/library/nginx:latest")], store.Containers("default").Select(c => (c.Id, c.Image)));
        Assert.Equal([("redis-specimen", "docker.io/library/redis:latest")], store.Containers("dfirlabs").Select(c => (c.Id, c.Image)));
        Assert.Empty(store.Containers("prod"));
        Assert.Empty(store.Problems); // v1/version is 0x06, binary.PutVarint of 3 (containerd 1.x): a schema this reader knows
    }

    [Fact]
    public void A_container_made_by_ctr_has_the_snapshotter_runtime_entrypoint_and_creation_time_the_database_holds()
    {
        var nginx = NodeContainers.List(_root).Containers.Single(c => c.Id == "nginx-specimen");

        // strings meta.db: "snapshotKeynginx-specimensnapshotteroverlayfs", "nameio.containerd.runc.v2", and in the spec
        // "args":["/docker-entrypoint.sh","nginx","-g","daemon off;"] (ctr container create keys the snapshot by the container id).
        Assert.Equal(("default", "overlayfs", "nginx-specimen", "io.containerd.runc.v2"), (nginx.Namespace, nginx.Snapshotter, nginx.SnapshotKey, nginx.RuntimeName));
        Assert.Equal(["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"], nginx.Security.Command);
        // xxd -s 0x9099 -l 15 meta.db (its containers/nginx-specimen/createdat): 01 0000000ed95328d5 0bc8a203 ffff — Go's
        // time.MarshalBinary v1: 63775647957 s since year 1 (− 62135596800 = Unix 1640051157), 197698051 ns, UTC.
        Assert.Equal("2021-12-21T01:45:57.197698051Z", nginx.CreatedAt.ToString());
        // Neither container had a task (ctr container create starts nothing) and no CRI checkpoint exists: the disk cannot say.
        Assert.Equal("unknown", nginx.State);
    }

    [Fact]
    public void Images_whose_blobs_were_not_collected_are_listed_by_name_and_manifest_list_digest_with_what_is_missing()
    {
        var listing = NodeImages.List(_root);

        // strings meta.db: target "digestsha256:9522864d…mediatypeapplication/vnd.docker.distribution.manifest.list.v2+json";
        // the sample holds no io.containerd.content.v1.content folder.
        var nginx = Assert.Single(listing.Images, i => i.Names.Contains("docker.io/library/nginx:latest"));
        Assert.Equal("sha256:9522864dd661dcadfd9958f9e0de192a1fdda2c162a35668ab6ac42b465f0603", nginx.Id);
        Assert.Contains("not in the content store", nginx.Missing);
        Assert.Contains(listing.Problems, p => p.File.EndsWith("/blobs/sha256/9522864dd661dcadfd9958f9e0de192a1fdda2c162a35668ab6ac42b465f0603", StringComparison.Ordinal));
        Assert.Equal(2, listing.Images.Count);
    }

    [Fact]
    public void The_container_layer_is_found_through_the_snapshotters_database_and_its_missing_folder_is_named()
    {
        // meta.db v1/default/snapshots/overlayfs/nginx-specimen/name = "default/13/nginx-specimen" (strings); in metadata.db that
        // key's id is 0x07 (binary.PutUvarint, containerd's snapshots/storage) and kind 0x02 (snapshots.KindActive): its
        // directory is snapshots/7/fs, which the sample does not hold.
        var refused = Assert.Throws<EvidenceAccessException>(() => ContainerLayers.Of(_root, "nginx-specimen"));

        Assert.Equal("var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/7/fs: layer directory of snapshot 7 (active) is missing", refused.Message);
    }
}
