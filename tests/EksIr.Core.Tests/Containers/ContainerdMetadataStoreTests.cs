using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Containerd;
using EksIr.Disk.Containers.Logs;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Containers;

[Collection(ContainerdNodeCollection.Name)]
public sealed class ContainerdMetadataStoreTests(ContainerdNode node)
{
    [ContainerdFact]
    public void Containers_match_what_ctr_listed_on_the_live_engine()
    {
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".ctr-containers.txt")).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (Id: f[0], Image: f[1], Runtime: f[2]))
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ToArray();

        var listing = NodeContainers.List(new EvidenceRoot(node.Root));

        Assert.Equal(expected, listing.Containers.Where(c => c.State != "removed").Select(c => (c.Id, c.Image, c.RuntimeName!)).OrderBy(c => c.Id, StringComparer.Ordinal));
        // The one problem: the manifest blob the generator removed with ctr content rm.
        var gone = File.ReadAllText(Path.Combine(node.Root, ".removed-manifest.txt")).Split(' ')[1].Trim();
        Assert.Equal($"var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/{gone[7..]}", Assert.Single(listing.Problems).File);
    }

    [ContainerdFact]
    public void A_container_containerd_removed_is_listed_from_its_kubelet_log_folder_and_its_logs_read()
    {
        var root = new EvidenceRoot(node.Root);

        var listing = NodeContainers.List(root);

        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(node.Root, ".ctr-containers.txt")), l => l.StartsWith(ContainerdNode.CleanupId, StringComparison.Ordinal));
        var removed = Assert.Single(listing.Containers, c => c.State == "removed");
        Assert.Equal(("cleanup", "container", "containerd"), (removed.ContainerName, removed.Kind, removed.Runtime));
        Assert.Equal(new PodRef("sysdiag", "default", ContainerdNode.PodUid), removed.Pod);
        Assert.Equal($"var/log/pods/default_sysdiag_{ContainerdNode.PodUid}/cleanup", removed.Id);
        // What ctr run printed from the container, which the generator wrote as its CRI log.
        var logs = NodeLogs.Tail(root, "cleanup", tail: null);
        Assert.Equal(File.ReadAllLines(Path.Combine(node.Root, ".cleanup-output.txt")), logs.Lines.Select(l => l.Message));
        Assert.Equal(removed.Id, NodeLogs.Tail(root, "sysdiag/cleanup", tail: null).Container.Id);
        var refusal = Assert.Throws<EvidenceAccessException>(() => ContainerFilesystems.Open(root, "cleanup"));
        Assert.Contains("removed", refusal.Message);
    }

    [ContainerdFact]
    public void An_image_whose_manifest_blob_is_gone_is_listed_with_its_names_digest_and_what_is_missing()
    {
        // ctr images ls (after ctr content rm of the manifest) still lists both of its names: the tag and the CRI plugin's sha256:<config> name.
        var (name, digest) = File.ReadAllText(Path.Combine(node.Root, ".removed-manifest.txt")).Trim().Split(' ') is [var n, var d] ? (n, d) : default;
        var names = File.ReadAllLines(Path.Combine(node.Root, ".ctr-images.txt")).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[2] == digest).Select(f => f[0]).Order(StringComparer.Ordinal).ToArray();

        var listing = NodeImages.List(new EvidenceRoot(node.Root));

        var image = Assert.Single(listing.Images, i => i.Names.Contains(name));
        Assert.Equal(names, image.Names);
        Assert.Equal(names.Single(n => n.StartsWith("sha256:", StringComparison.Ordinal)), image.Id); // the CRI plugin's name for it is its id
        Assert.Equal([digest], image.RepoDigests);
        Assert.Equal($"manifest {digest} not in the content store", image.Missing);
        Assert.Null(image.BuiltOnNode); // no content record left to judge from
        Assert.Null(image.Size);
        Assert.False(image.UsedByContainer);
        Assert.Equal(2, NodeStatus.Of(new EvidenceRoot(node.Root)).Engines.Single().Images);
    }

    [ContainerdFact]
    public void Cri_labels_give_pod_container_name_and_kind()
    {
        var listing = NodeContainers.List(new EvidenceRoot(node.Root));

        var app = Assert.Single(listing.Containers, c => c.Id == ContainerdNode.AppId);
        Assert.Equal("sysdiag", app.Name);
        Assert.Equal("sysdiag", app.ContainerName);
        Assert.Equal("container", app.Kind);
        Assert.Equal(new PodRef("sysdiag", "default", ContainerdNode.PodUid), app.Pod);
        Assert.Equal("k8s.io", app.Namespace);
        Assert.Equal("containerd", app.Runtime);
        Assert.Equal("overlayfs", app.Snapshotter);
        Assert.Equal(ContainerdNode.AppId, app.SnapshotKey);
        Assert.StartsWith("sha256:", app.ImageId);
        Assert.NotNull(app.CreatedAt);
        // Created during the generator's run: shortly before containerd last wrote its database (the node may be a cached one).
        var written = new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(node.Root, "var", "lib", "containerd", "io.containerd.metadata.v1.bolt", "meta.db")));
        Assert.InRange(app.CreatedAt!.Value.ToDateTimeOffset(), written.AddMinutes(-10), written);
        Assert.Equal("sandbox", Assert.Single(listing.Containers, c => c.Id == ContainerdNode.SandboxId).Kind);
        Assert.True(app.Security.Privileged); // ctr run --privileged
        Assert.False(Assert.Single(listing.Containers, c => c.Id == ContainerdNode.SandboxId).Security.Privileged);
        Assert.Equal(["/bin/sh", "-c", "sleep 86400"], app.Security.Command);
        Assert.False(app.Security.HostPid);
    }

    [ContainerdFact]
    public void Images_match_what_ctr_listed_with_digest_and_media_type()
    {
        // ctr images ls: REF TYPE DIGEST SIZE PLATFORMS LABELS
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".ctr-images.txt")).Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (Name: f[0], MediaType: f[1], Digest: f[2]))
            .ToArray();
        var store = ContainerdMetadataStore.Open(new EvidenceRoot(node.Root));

        var images = store.Images("k8s.io").ToArray();

        Assert.Equal(expected, images.Select(i => (i.Name, i.MediaType!, i.Digest!)));
        Assert.Contains(images, i => i.Name == "registry.example/sysdiag:1.0");
        Assert.All(images, i => Assert.True(i.Size > 0));
    }

    [ContainerdFact]
    public void Listing_containers_leaves_the_evidence_byte_identical()
    {
        var before = EvidenceTree.Hash(node.Root);

        NodeContainers.List(new EvidenceRoot(node.Root));

        Assert.Equal(before, EvidenceTree.Hash(node.Root));
    }

    [ContainerdFact]
    public void A_container_is_chosen_by_id_prefix_name_or_pod_and_ambiguity_lists_the_candidates()
    {
        var containers = NodeContainers.List(new EvidenceRoot(node.Root)).Containers;

        Assert.Equal(ContainerdNode.AppId, ContainerFilesystems.Select(containers, "8e1f").Id);
        Assert.Equal(ContainerdNode.AppId, ContainerFilesystems.Select(containers, "sysdiag").Id);
        Assert.Equal(ContainerdNode.SandboxId, ContainerFilesystems.Select(containers, "sysdiag/POD").Id);
        var twins = containers.Where(c => c.State != "removed" && c.Pod is not null).Select(c => c with { Id = "abc" + c.Id, Kind = "container" }).ToArray();
        var error = Assert.Throws<EvidenceAccessException>(() => ContainerFilesystems.Select(twins, "abc"));
        Assert.Contains("matches several containers: abc5d9a0b7c1 (POD), abc8e1f2a3b4 (sysdiag); give more of the id", error.Message);
    }

    [ContainerdFact]
    public void Images_from_the_content_store_have_config_ids_and_containers_point_at_them()
    {
        var listing = NodeImages.List(new EvidenceRoot(node.Root));

        var image = Assert.Single(listing.Images, i => i.Missing is null);
        Assert.Equal("containerd", image.Runtime);
        Assert.Contains("registry.example/sysdiag:1.0", image.Names);
        Assert.True(image.UsedByContainer);
        Assert.True(image.BuiltOnNode); // imported with ctr, never pulled
        Assert.True(image.Size > 1_000_000);
        var app = Assert.Single(NodeContainers.List(new EvidenceRoot(node.Root)).Containers, c => c.Id == ContainerdNode.AppId);
        Assert.Equal(image.Id, app.ImageId);

        var history = NodeImages.History(new EvidenceRoot(node.Root), "registry.example/sysdiag:1.0");
        Assert.Contains(history.Steps, s => s.CreatedBy.StartsWith("COPY rootfs/ /", StringComparison.Ordinal) && s.Flags.Count == 0);
        var install = Assert.Single(history.Steps, s => s.CreatedBy.Contains("install.sh", StringComparison.Ordinal));
        Assert.Equal(["download-and-execute", "setuid/setgid"], install.Flags);
        Assert.Equal(3, history.Steps.Count); // two layers and the CMD
    }

    [ContainerdFact]
    public void Status_counts_the_pod_sandbox_and_reads_the_containerd_version()
    {
        var containerd = Assert.Single(NodeStatus.Of(new EvidenceRoot(node.Root)).Engines);

        Assert.Equal(("containerd", 3, 1, 2), (containerd.Runtime, containerd.Containers, containerd.PodSandboxes, containerd.Images));
        Assert.Equal((1, 1, "native, overlayfs"), (containerd.RemovedContainers, containerd.ImagesMissingContent, containerd.StorageDriver));
        Assert.EndsWith("(containerd)", containerd.Version);
    }

    [ContainerdFact]
    public void A_container_on_the_native_snapshotter_is_refused_with_the_folder_holding_its_files()
    {
        var root = new EvidenceRoot(node.Root);

        var error = Assert.Throws<EvidenceAccessException>(() => ContainerFilesystems.Open(root, ContainerdNode.NativeId));

        Assert.Contains("snapshotter 'native' keeps every snapshot as a full copy", error.Message);
        var folder = error.Message.Split("this container's folder is ")[1];
        Assert.StartsWith("var/lib/containerd/io.containerd.snapshotter.v1.native/snapshots/", folder);
        // What the container wrote, where the real native snapshotter kept it, beside the image's files.
        Assert.Equal("written on the native snapshotter\n", File.ReadAllText(Path.Combine(node.Root, folder, "tmp", "native-marker")));
        Assert.True(File.Exists(Path.Combine(node.Root, folder, "etc", "sysdiag.conf")));
    }
}
