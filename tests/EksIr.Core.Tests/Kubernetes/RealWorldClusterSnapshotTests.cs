using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Cloud.Kubernetes;

namespace EksIr.Core.Tests.Kubernetes;

/// <summary>
/// Cluster snapshots collected from real clusters by someone else (replicatedhq/troubleshoot's support-bundle test data,
/// Apache-2.0; tests/RealWorld/PROVENANCE.md): an EKS node list of 2020 as a bare JSON array with no kinds and redacted
/// addresses, and a NodeList of 2025 mixing DigitalOcean, microk8s and kURL nodes. Every expected value is the file's own
/// text (the jq filter beside each assertion).
/// </summary>
public sealed class RealWorldClusterSnapshotTests : IDisposable
{
    private static readonly EvidenceRoot Samples = new(Repo.Path("tests", "RealWorld", "cluster"));
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_eks_node_list_collected_as_a_bare_array_without_kinds_is_read_as_nodes_with_their_instance_and_zone()
    {
        var cluster = new SnapshotCluster(Samples, "troubleshoot-2020-eks");
        var nodes = await cluster.NodesAsync();

        // jq '[.[] | .metadata.name]' nodes.json
        Assert.Equal(["ip-192-168-28-59.us-east-2.compute.internal", "ip-192-168-71-129.us-east-2.compute.internal"], nodes.Select(n => n.Metadata.Name));
        var first = ClusterLookups.Node(nodes[0]);
        var second = ClusterLookups.Node(nodes[1]);

        // jq '.[] | .spec.providerID' nodes.json: aws:///us-east-2a/i-026467ed98dc19788, aws:///us-east-2c/i-0b7ad3f63b3a123b8
        Assert.Equal(("i-026467ed98dc19788", "us-east-2a", "aws:///us-east-2a/i-026467ed98dc19788"), (first.InstanceId, first.Zone, first.ProviderId));
        Assert.Equal(("i-0b7ad3f63b3a123b8", "us-east-2c"), (second.InstanceId, second.Zone));
        // eksctl's own label agrees: jq '.[0].metadata.labels["alpha.eksctl.io/instance-id"]'
        Assert.Equal("i-026467ed98dc19788", first.Labels["alpha.eksctl.io/instance-id"]);
        Assert.False(first.Unschedulable);
    }

    [Fact]
    public async Task Addresses_a_collector_redacted_are_not_taken_for_ips_and_are_said_for_each_node()
    {
        var cluster = new SnapshotCluster(Samples, "troubleshoot-2020-eks");
        var node = ClusterLookups.Node((await cluster.NodesAsync())[0]);

        // jq '.[0].status.addresses[] | select(.type == "InternalIP" or .type == "ExternalIP") | .address': "***HIDDEN***" twice
        Assert.Equal((null, null), (node.InternalIp, node.ExternalIp));
        Assert.Equal(
            [
                new EvidenceProblem("troubleshoot-2020-eks/nodes.json", "item 1", "node ip-192-168-28-59.us-east-2.compute.internal: InternalIP '***HIDDEN***', ExternalIP '***HIDDEN***' not an IP address (redacted by the collector?); finding the node by IP cannot find it"),
                new EvidenceProblem("troubleshoot-2020-eks/nodes.json", "item 2", "node ip-192-168-71-129.us-east-2.compute.internal: InternalIP '***HIDDEN***', ExternalIP '***HIDDEN***' not an IP address (redacted by the collector?); finding the node by IP cannot find it"),
            ],
            cluster.Problems);
        var missing = await Assert.ThrowsAsync<ClusterException>(() => ClusterLookups.NodeByIpAsync(cluster, "192.168.28.59"));
        Assert.Equal("snapshot troubleshoot-2020-eks: no node has the address 192.168.28.59 (2 nodes; 2 of them with addresses that are not IP addresses, such as a collector's redaction)",
            missing.Message);
    }

    [Fact]
    public async Task A_node_list_whose_items_lack_kind_reads_every_item_and_nodes_of_other_clouds_have_no_instance()
    {
        var cluster = new SnapshotCluster(Samples, "troubleshoot-2025");
        var nodes = (await cluster.NodesAsync()).Select(ClusterLookups.Node).ToList();

        // jq '.kind, [.items[] | .metadata.name], [.items[] | .kind]': a NodeList of 7, only the 1st and 7th with a kind
        Assert.Equal(["repldev-marc", "biggernode-3i745", "pool-yd23sqk7u-3i7i7", "pool-yd23sqk7u-3i7it", "pool-yd23sqk7u-3i7v3", "smallnode-3i74t", "ip-172-31-21-92"],
            nodes.Select(n => n.Name));
        // jq '.items[1].spec.providerID': "digitalocean://219734582"; no zone label, only the region sfo2
        var droplet = nodes[1];
        Assert.Equal(("digitalocean://219734582", null, null), (droplet.ProviderId, droplet.InstanceId, droplet.Zone));
        // jq '.items[0] | .spec.providerID, .status.addresses': none; InternalIP 10.168.0.26
        Assert.Equal((null, null, "10.168.0.26"), (nodes[0].ProviderId, nodes[0].InstanceId, nodes[0].InternalIp));
        var byIp = await ClusterLookups.NodeByIpAsync(cluster, "172.31.21.92");
        Assert.Equal(("ip-172-31-21-92", null, "g4dn.xlarge"), (byIp.Name, byIp.InstanceId, byIp.Labels["nvidia.com/gpu.machine"]));
        // The five DigitalOcean nodes' addresses are redacted: one problem each, nothing else.
        Assert.Equal(["item 2", "item 3", "item 4", "item 5", "item 6"], cluster.Problems.Select(p => p.Where));
    }

    [Fact]
    public async Task A_pod_of_a_kind_cluster_says_its_node_containers_and_service_account_and_why_no_instance_is_known()
    {
        var cluster = new SnapshotCluster(Samples, "troubleshoot-2025");

        // jq '.items[0] | .metadata.name, .metadata.namespace' pods.json
        var pod = await ClusterLookups.PodAsync(cluster, "random-pod-75b66db9b9-nqhp8", "default");

        // jq '.items[0] | .spec.nodeName, .spec.serviceAccountName, [.spec.containers[].image], .status.phase, .metadata.uid, .metadata.ownerReferences[0]'
        Assert.Equal(("chart-testing-control-plane", "default", "Running", "e00af024-67ca-440d-9714-999cf8617d58", "ReplicaSet/random-pod-75b66db9b9"),
            (pod.Node, pod.ServiceAccount, pod.Phase, pod.Uid, pod.Owner));
        Assert.Equal(["random-pod/server:1.27.0-alpine"], pod.Images);
        Assert.Equal((false, false, false), (pod.Privileged, pod.HostNetwork, pod.HostPid));
        Assert.Equal("75b66db9b9", pod.Labels["pod-template-hash"]);
        Assert.Null(pod.InstanceId);
        Assert.Equal("instance: node chart-testing-control-plane is not in the snapshot troubleshoot-2025", pod.Notes[0]);
    }

    [Fact]
    public async Task A_pod_on_a_node_of_another_cloud_says_that_its_provider_id_is_not_an_ec2_instance()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("evidence", "cluster")).FullName;
        File.Copy(Repo.Path("tests", "RealWorld", "cluster", "troubleshoot-2025", "nodes.json"), Path.Combine(folder, "nodes.json"));
        var pods = File.ReadAllText(Repo.Path("tests", "RealWorld", "cluster", "troubleshoot-2025", "pods.json"));
        File.WriteAllText(Path.Combine(folder, "pods.json"), pods.Replace("\"nodeName\": \"chart-testing-control-plane\"", "\"nodeName\": \"biggernode-3i745\"", StringComparison.Ordinal));
        var moved = File.ReadAllText(Path.Combine(folder, "pods.json"));
        Assert.NotEqual(pods, moved);
        File.WriteAllText(Path.Combine(folder, "other.json"), moved.Replace("\"nodeName\": \"biggernode-3i745\"", "\"nodeName\": \"repldev-marc\"", StringComparison.Ordinal)
            .Replace("\"namespace\": \"default\"", "\"namespace\": \"other\"", StringComparison.Ordinal));
        var cluster = new SnapshotCluster(new EvidenceRoot(_temp.Combine("evidence")), "cluster");

        var onDroplet = await ClusterLookups.PodAsync(cluster, "random-pod-75b66db9b9-nqhp8", "default");
        var onMicrok8s = await ClusterLookups.PodAsync(cluster, "random-pod-75b66db9b9-nqhp8", "other");

        Assert.Equal("instance: node biggernode-3i745's providerID 'digitalocean://219734582' is not an EC2 instance (aws:///ZONE/i-…)", onDroplet.Notes[0]);
        Assert.Equal("instance: node repldev-marc has no providerID", onMicrok8s.Notes[0]);
    }

    [Fact]
    public async Task An_object_without_kind_in_a_kubectl_list_of_several_kinds_is_skipped_and_said()
    {
        // `kubectl get nodes,pods -o json` makes a "List"; a node taken from the 2020 bundle has no kind of its own.
        var nodes = File.ReadAllText(Repo.Path("tests", "RealWorld", "cluster", "troubleshoot-2020-eks", "nodes.json"));
        _temp.Write("evidence/cluster/snapshot.json", $$"""{"apiVersion": "v1", "kind": "List", "items": {{nodes}}}""");
        var cluster = new SnapshotCluster(new EvidenceRoot(_temp.Combine("evidence")), "cluster");

        Assert.Empty(await cluster.NodesAsync());
        Assert.Equal(
            [
                new EvidenceProblem("cluster/snapshot.json", "item 1", "an object with no kind, in a file whose List and name do not tell it; skipped"),
                new EvidenceProblem("cluster/snapshot.json", "item 2", "an object with no kind, in a file whose List and name do not tell it; skipped"),
            ],
            cluster.Problems);
    }
}
