using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Logs;
using EksIr.Core.Evidence;
using EksIr.Core.Tests.Bolt;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// kubelet's log folders, <c>var/log/pods/&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;/&lt;attempt&gt;.log</c>
/// (pkg/kubelet/kuberuntime/helpers.go BuildPodLogsDirectory, BuildContainerLogsDirectory), built here with hostile
/// names beside a meta.db that still knows one of the pod's containers.
/// </summary>
public sealed class KubeletLogFoldersTests : IDisposable
{
    private const string Uid = "9c1d2e3f-0000-4000-8000-000000000001";
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Only_folders_no_container_claims_are_removed_containers_and_a_folder_kubelet_could_not_name_is_a_problem()
    {
        var builder = new BoltFileBuilder();
        var app = builder.Root.Sub("v1").Sub("k8s.io").Sub("containers").Sub("a1b2c3d4e5f6");
        app.Put("image", "registry.example/app:1");
        app.Sub("labels").Put("io.cri-containerd.kind", "container").Put("io.kubernetes.container.name", "app")
            .Put("io.kubernetes.pod.name", "web").Put("io.kubernetes.pod.namespace", "default").Put("io.kubernetes.pod.uid", Uid);
        File.WriteAllBytes(_temp.Write("node/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", ""), builder.Build());
        _temp.Write($"node/var/log/pods/default_web_{Uid}/app/0.log", "2026-11-20T09:00:00.000000000Z stdout F up\n");
        _temp.Write($"node/var/log/pods/default_web_{Uid}/init-db/0.log", "2026-11-20T08:59:58.000000000Z stdout F migrated\n");
        _temp.Write($"node/var/log/pods/default_web_{Uid}/init-db/1.log", "2026-11-20T08:59:59.000000000Z stderr F again\n");
        _temp.Write("node/var/log/pods/default_web_extra_part/x/0.log", "");
        _temp.Write($"node/var/log/pods/default_web_{Uid}/stray.log", ""); // not in a container folder: not a container
        var root = new EvidenceRoot(_temp.Combine("node"));

        var listing = NodeContainers.List(root);

        var removed = Assert.Single(listing.Containers, c => c.State == KubeletLogFolders.RemovedState);
        Assert.Equal(("init-db", new PodRef("web", "default", Uid)), (removed.ContainerName, removed.Pod));
        var problem = Assert.Single(listing.Problems);
        Assert.Equal(("var/log/pods/default_web_extra_part", ""), (problem.File, problem.Where));
        Assert.Contains("not a kubelet pod log folder name", problem.Problem);
        Assert.Equal(["migrated", "again"], NodeLogs.Tail(root, "web/init-db", tail: null).Lines.Select(l => l.Message));
    }

    [Fact]
    public void When_the_runtimes_records_cannot_be_read_no_log_folder_is_taken_for_a_removed_container()
    {
        _temp.Write("node/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", new string('\0', 8192));
        _temp.Write($"node/var/log/pods/default_web_{Uid}/app/0.log", "2026-11-20T09:00:00.000000000Z stdout F up\n");

        var listing = NodeContainers.List(new EvidenceRoot(_temp.Combine("node")));

        Assert.Empty(listing.Containers);
        Assert.Equal("var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", Assert.Single(listing.Problems).File);
    }
}
