using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Logs;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Containers;

/// <summary>The checked-in sample nodes (made by the real engines, collected as tar.gz) read as the playbooks read them, without root.</summary>
public sealed class SampleNodesTests
{
    [Fact]
    public void The_docker_sample_node_shows_the_intrusion_in_the_web_container()
    {
        var root = EvidenceRoot.Open(Repo.Path("sample-data", "docker-node", "shop-node.tar.gz"));

        Assert.Empty(root.Problems);
        var (_, fs) = ContainerFilesystems.Open(root, "web");
        var changes = OverlayDiff.Changes(fs).Select(c => $"{c.Change} {c.Path}").ToArray();
        Assert.Contains("D /etc/passwd", changes);
        Assert.Contains("A /tmp/.cache/run.sh", changes);
        Assert.Contains("C /var/www/index.html", changes);
        Assert.Contains(NodeImages.History(root, "registry.example/shop-web:2.1").Steps, s => s.Flags.Contains("setuid/setgid") && s.Flags.Contains("base64 blob"));
        Assert.Contains(NodeLogs.Tail(root, "batch", null).Lines, l => l.Message.Length == 40000);
    }

    [Fact]
    public void The_incident_node_shows_the_privileged_pod_and_its_dropped_files()
    {
        var root = EvidenceRoot.Open(Repo.Path("sample-data", "incident-1", "node", "ip-192-168-23-107.us-west-2.compute.internal.tar.gz"));

        Assert.Empty(root.Problems);
        var app = Assert.Single(NodeContainers.List(root).Containers, c => c.Kind == "container");
        Assert.Equal(("sysdiag", "3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b", true), (app.Pod!.Name, app.Pod.Uid, app.Security.Privileged));
        var listing = ContainerFileListing.Of(root, "sysdiag", "/tmp/.x", hash: true);
        Assert.Equal(["/tmp/.x/miner.sh", "/tmp/.x/sh"], listing.Files.Select(f => f.Path));
        Assert.Equal("-rwsr-xr-x", listing.Files[1].Mode);
    }
}
