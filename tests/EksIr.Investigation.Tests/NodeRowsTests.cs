using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;
using EksIr.Investigation.Timeline.Sources;

namespace EksIr.Investigation.Tests;

/// <summary>A node's containers on the timeline, on the node the real containerd built (sample-data/generators/containerd-node.sh).</summary>
[Collection(ContainerdNodeCollection.Name)]
public sealed class NodeRowsTests(ContainerdNode node)
{
    [ContainerdFact]
    public void A_removed_containers_log_lines_are_on_the_timeline_and_its_missing_files_are_no_problem()
    {
        var (rows, problems) = NodeRows.Read(new EvidenceRoot(node.Root), "node", "ip-10-0-1-5", TimeWindow.All);

        // What ctr run printed from the container before it was removed, written as its CRI log by the generator.
        const string prefix = "default/sysdiag cleanup stdout: ";
        Assert.Equal(File.ReadAllLines(Path.Combine(node.Root, ".cleanup-output.txt")),
            rows.Where(r => r.Source == TimelineSources.ContainerLog && r.Summary.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r.Summary[prefix.Length..]));
        Assert.DoesNotContain(problems, p => p.Where.Contains("var/log/pods", StringComparison.Ordinal));
        Assert.DoesNotContain(rows.SelectMany(r => r.Entities), e => e.Kind == EntityKinds.Container && e.Value.Contains('/'));
    }

    [ContainerdFact]
    public void A_containers_start_and_exit_from_its_cri_status_checkpoint_are_on_the_timeline()
    {
        using var temp = new TempDir();
        const string metaDb = "var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db";
        File.Copy(Path.Combine(node.Root, metaDb), temp.Write("node/" + metaDb, ""), overwrite: true);
        // As containerd's pkg/cri/store/container/status.go writes it (versionedStatus, the embedded Status's fields beside Version).
        temp.Write($"node/var/lib/containerd/io.containerd.grpc.v1.cri/containers/{ContainerdNode.AppId}/status",
            """{"Version":"v1","Pid":4242,"CreatedAt":1795933410972527172,"StartedAt":1795933411100000001,"FinishedAt":1795933470000000999,"ExitCode":137,"Reason":"OOMKilled","Message":"","Resources":null}""");

        var (rows, _) = NodeRows.Read(new EvidenceRoot(temp.Combine("node")), "node", "ip-10-0-1-5", TimeWindow.All);

        var started = Assert.Single(rows, r => r.Action == "container started");
        Assert.Equal(("2026-11-29T06:23:31.100000001Z", "containerd container 8e1f2a3b4c5d started: default/sysdiag sysdiag, pid 4242"),
            (started.Time.ToString(), started.Summary));
        var exited = Assert.Single(rows, r => r.Action == "container exited");
        Assert.Equal(("2026-11-29T06:24:30.000000999Z", "containerd container 8e1f2a3b4c5d exited: default/sysdiag sysdiag (exit code 137, OOMKilled)"),
            (exited.Time.ToString(), exited.Summary));
        Assert.Contains(new EntityRef(EntityKinds.Container, ContainerdNode.AppId), exited.Entities);
        Assert.Equal($"node!/var/lib/containerd/io.containerd.grpc.v1.cri/containers/{ContainerdNode.AppId}/status", exited.Evidence.File);
    }
}
