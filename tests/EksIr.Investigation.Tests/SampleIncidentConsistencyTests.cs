using System.Text.Json;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Cloud.Identification;
using EksIr.Cloud.Kubernetes;
using EksIr.Memory;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>
/// The training incident is one story: every identifier and time agrees across the sources, each read by its own
/// engine (cluster snapshot, node disk, memory, GuardDuty, CloudTrail, control plane, the AWS snapshot).
/// </summary>
public class SampleIncidentConsistencyTests
{
    private static readonly EvidenceRoot Root = new(Repo.Path("sample-data", "incident-1"));

    [Fact]
    public async Task Pod_container_node_instance_address_and_keys_are_the_same_in_every_source()
    {
        var timeline = await SampleIncident.Timeline;
        var cluster = new SnapshotCluster(Root, "cluster");
        var pod = (await cluster.PodAsync("sysdiag", "default"))!;
        var node = (await cluster.NodesAsync()).Single(n => n.Metadata.Name == pod.Spec.NodeName);
        var instance = node.Spec.ProviderID.Split('/')[^1];
        var internalIp = node.Status.Addresses.Single(a => a.Type == "InternalIP").Address;
        var containerId = pod.Status.ContainerStatuses.Single(c => c.Name == "sysdiag").ContainerID.Split("://")[1];

        // The node's disk: the same pod uid and container id under containerd's labels.
        var disk = NodeContainers.List(Root.Subroot("node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz")).Containers.Single(c => c.Id == containerId);
        Assert.Equal((pod.Metadata.Uid, "sysdiag", "default"), (disk.Pod!.Uid, disk.Pod.Name, disk.Pod.Namespace));
        // Memory: the container's entrypoint under the shim serving its sandbox; the kubelet's node IP.
        var tree = ProcessTree.Of(Root, "memory/volatility", Root.Subroot("node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz"));
        Assert.Equal(containerId, tree.Processes.Single(p => p.Pid == 4790).Container!.Id);
        Assert.Contains($"--node-ip={internalIp}", tree.Processes.Single(p => p.Comm == "kubelet").Args);
        // The control plane: the scheduler bound it to this node, the cloud-controller-manager gave the node this instance.
        Assert.Contains(timeline.Where(new EntityRef(EntityKinds.Pod, "default/sysdiag"), TimelineSources.Audit), e => e.Names(new EntityRef(EntityKinds.Node, pod.Spec.NodeName)));
        Assert.Contains(timeline.Where(new EntityRef(EntityKinds.Node, pod.Spec.NodeName), TimelineSources.ControlPlane), e => e.Names(new EntityRef(EntityKinds.Instance, instance)));
        Assert.Equal(pod.Metadata.Uid, AuditCreatedPodUid());
        // GuardDuty: the API-call finding names the pod (and the creator's uid), the runtime finding this instance and address.
        var findings = GuardDutyFindings.Read(Root, "guardduty").Findings;
        Assert.Equal(pod.Metadata.Uid, findings.Single(f => f.Workload is { Name: "sysdiag", Namespace: "default" }).Workload!.Uid);
        var runtime = findings.Single(f => f.Process is not null);
        Assert.Equal(instance, runtime.InstanceId);
        Assert.Contains(internalIp, runtime.PrivateIps);
        Assert.Equal(5310, runtime.Process!.Pid);
        // CloudTrail: the node role's session is named after the instance and used from the node's address.
        Assert.Contains(timeline.Where(new EntityRef(EntityKinds.Ip, internalIp), TimelineSources.CloudTrail), e => e.Names(new EntityRef(EntityKinds.Instance, instance)));
        // The AWS snapshot describes this instance with this address.
        using var described = JsonDocument.Parse(File.ReadAllText(Repo.Path("sample-data", "incident-1", "aws", "describe-instances.json")));
        var ec2 = described.RootElement.GetProperty("Reservations")[0].GetProperty("Instances")[0];
        Assert.Equal((instance, internalIp), (ec2.GetProperty("InstanceId").GetString(), ec2.GetProperty("PrivateIpAddress").GetString()));

        // Access keys: the intern's in CloudTrail, the authenticator and the audit log; the stolen one in CloudTrail and in memory.
        var intern = new EntityRef(EntityKinds.AccessKey, "AKIA5DEVINTERN7EXMPL");
        Assert.Equal([TimelineSources.CloudTrail, TimelineSources.ControlPlane, TimelineSources.Audit], timeline.Where(intern).Select(e => e.Source).Distinct().Order(StringComparer.Ordinal));
        var memoryKeys = IocScan.Run(new EvidenceRoot(Repo.Path("sample-data", "incident-1", "memory")), "ip-192-168-23-107.lime").Values
            .Where(v => v.Kind == "aws-access-key-id").Select(v => v.Value).ToList();
        Assert.Contains("ASIA5NODEROLE7STOLEN", memoryKeys);
        Assert.Contains(timeline.Where(new EntityRef(EntityKinds.AccessKey, "ASIA5NODEROLE7STOLEN"), TimelineSources.CloudTrail), e => e.Names(new EntityRef(EntityKinds.Ip, "203.0.113.50")));
    }

    [Fact]
    public async Task The_sources_tell_the_story_in_one_order()
    {
        var timeline = await SampleIncident.Timeline;
        var pod = new EntityRef(EntityKinds.Pod, "default/sysdiag");
        var created = timeline.Where(pod, TimelineSources.Audit).Single(e => e.Action == "create pods").Time;
        var sandbox = timeline.Where(pod, TimelineSources.Containerd).Single(e => e.Action == "sandbox created").Time;
        var container = timeline.Where(pod, TimelineSources.Containerd).Single(e => e.Action == "container created").Time;
        var execs = timeline.Where(pod, TimelineSources.Audit).Where(e => e.Action == "create pods/exec").Select(e => e.Time).ToList();
        var dropped = timeline.Where(pod, TimelineSources.ContainerFile).Where(e => e.Summary.StartsWith("/tmp/.x/", StringComparison.Ordinal)).Select(e => e.Time).ToList();
        var shell = timeline.Where(new EntityRef(EntityKinds.Process, "5120"), TimelineSources.Memory).First(e => e.Summary.StartsWith("PID 5120", StringComparison.Ordinal)).Time;
        var miner = timeline.Where(new EntityRef(EntityKinds.Process, "5310"), TimelineSources.Memory).Single().Time;
        var runtime = timeline.Where(source: TimelineSources.GuardDuty).Single(e => e.Action.StartsWith("CryptoCurrency", StringComparison.Ordinal)).Time;
        var privileged = timeline.Where(pod, TimelineSources.GuardDuty).Single().Time;
        var stolen = timeline.Where(new EntityRef(EntityKinds.Ip, "203.0.113.50"), TimelineSources.CloudTrail).Min(e => e.Time);

        Assert.True(created < sandbox && sandbox < container && container < execs[0], "pod created, then its sandbox and container, then the first exec");
        Assert.All(dropped, d => Assert.True(execs[0] < d && d < execs[1], $"{d}: the dropper's files lie between the two execs"));
        Assert.True(execs[1] < shell && (shell.UnixSeconds - execs[1].UnixSeconds) <= 1, "the interactive exec is memory's shell");
        Assert.True(shell < miner && miner < runtime && runtime < stolen, "the miner runs before GuardDuty sees it; the node key is used outside after");
        Assert.InRange(privileged.UnixSeconds - created.UnixSeconds, 0, 1);
    }

    private static string? AuditCreatedPodUid()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Repo.Path("sample-data", "incident-1", "control-plane", "filter-log-events-audit.json")));
        return doc.RootElement.GetProperty("events").EnumerateArray()
            .Select(e => JsonDocument.Parse(e.GetProperty("message").GetString()!).RootElement)
            .Where(a => a.GetProperty("verb").GetString() == "create" && a.GetProperty("objectRef").TryGetProperty("name", out var n) && n.GetString() == "sysdiag"
                        && !a.GetProperty("objectRef").TryGetProperty("subresource", out _))
            .Select(a => a.GetProperty("responseObject").GetProperty("metadata").GetProperty("uid").GetString()).Single();
    }
}
