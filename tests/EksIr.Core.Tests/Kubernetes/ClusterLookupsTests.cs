using EksIr.Core.Evidence;
using EksIr.Cloud.Kubernetes;

namespace EksIr.Core.Tests.Kubernetes;

/// <summary>Node and pod lookups on the incident's cluster snapshot, and the same answers from a live (fake) API server.</summary>
public sealed class ClusterLookupsTests : IDisposable
{
    private readonly TempDir _temp = new();
    private static readonly string Snapshot = Repo.Path("sample-data", "incident-1", "cluster");

    public void Dispose() => _temp.Dispose();

    private static SnapshotCluster Offline() => new(new EvidenceRoot(Repo.Path("sample-data", "incident-1")), "cluster");

    [Fact]
    public async Task A_node_is_found_by_its_exact_address_with_the_instance_behind_it()
    {
        var node = await ClusterLookups.NodeByIpAsync(Offline(), "192.168.23.10");
        var other = await ClusterLookups.NodeByIpAsync(Offline(), "192.0.2.44"); // ExternalIP

        Assert.Equal(("ip-192-168-23-10.us-west-2.compute.internal", "i-09a8b7c6d5e4f3a21", "us-west-2b"), (node.Name, node.InstanceId, node.Zone));
        Assert.Equal("i-0c7d2e91b4a6f3508", other.InstanceId);
        var none = await Assert.ThrowsAsync<ClusterException>(() => ClusterLookups.NodeByIpAsync(Offline(), "192.168.23.1"));
        Assert.Equal("snapshot cluster: no node has the address 192.168.23.1 (2 nodes)", none.Message);
        await Assert.ThrowsAsync<ClusterException>(() => ClusterLookups.NodeByIpAsync(Offline(), "192.168.23"));
    }

    [Fact]
    public async Task A_pod_says_where_it_runs_and_what_it_can_reach()
    {
        var pod = await ClusterLookups.PodAsync(Offline(), "sysdiag", "default");
        var cni = await ClusterLookups.PodAsync(Offline(), "aws-node-7xk2p", "kube-system");

        Assert.Equal(("ip-192-168-23-107.us-west-2.compute.internal", "i-0c7d2e91b4a6f3508", true), (pod.Node, pod.InstanceId, pod.Privileged));
        Assert.Equal(["registry.example/sysdiag:1.0"], pod.Images);
        Assert.Equal(("3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b", "default"), (pod.Uid, pod.ServiceAccount));
        Assert.Equal((true, "DaemonSet/aws-node"), (cni.HostNetwork, cni.Owner));
        Assert.Equal(["cni-bin-dir: /opt/cni/bin"], cni.HostPaths);
        var gone = await Assert.ThrowsAsync<ClusterException>(() => ClusterLookups.PodAsync(Offline(), "sysdiag", "kube-system"));
        Assert.Equal("snapshot cluster: no pod kube-system/sysdiag", gone.Message);
    }

    [Fact]
    public async Task A_pod_card_has_its_service_account_s_role_and_bindings_its_policies_and_its_events()
    {
        var pod = await ClusterLookups.PodAsync(Offline(), "sysdiag", "default");
        var cni = await ClusterLookups.PodAsync(Offline(), "aws-node-7xk2p", "kube-system");

        Assert.Null(pod.ServiceAccountRoleArn);
        Assert.Empty(pod.Bindings!); // dev-intern's RoleBinding names the user, not the pod's service account
        Assert.Empty(pod.NetworkPolicies!); // known (the snapshot listed networkpolicies) and none selects it
        Assert.Equal(["Scheduled", "Pulled", "Created", "Started"], pod.Events!.Select(e => e.Reason));
        Assert.Equal((new DateTimeOffset(2026, 11, 29, 6, 23, 30, TimeSpan.Zero), "default-scheduler"), (pod.Events![0].Time!.Value, pod.Events[0].Source));
        Assert.Empty(pod.Notes);
        Assert.Equal("arn:aws:iam::111122223333:role/eksctl-eksworkshop-eksctl-addon-iamserviceaccount-aws-node-Role1", cni.ServiceAccountRoleArn);
        Assert.Equal(["ClusterRoleBinding aws-node → ClusterRole aws-node"], cni.Bindings);
        Assert.Empty(cni.Events!);
    }

    [Fact]
    public async Task Without_those_lists_the_card_says_what_is_not_known_and_why()
    {
        var partial = Directory.CreateDirectory(_temp.Combine("evidence", "cluster")).FullName;
        File.Copy(Path.Combine(Snapshot, "nodes.json"), Path.Combine(partial, "nodes.json"));
        File.Copy(Path.Combine(Snapshot, "pods.json"), Path.Combine(partial, "pods.json"));
        using var server = new FakeApiServer(Snapshot) { ForbiddenLists = { "rolebindings" } };
        var live = LiveCluster.FromKubeconfig(server.WriteKubeconfig(_temp.Combine("kubeconfig")));

        var offline = await ClusterLookups.PodAsync(new SnapshotCluster(new EvidenceRoot(_temp.Combine("evidence")), "cluster"), "sysdiag", "default");
        var forbidden = await ClusterLookups.PodAsync(live, "sysdiag", "default");

        Assert.Null(offline.Events);
        Assert.Null(offline.Bindings);
        Assert.Equal(["service accounts: not in the snapshot cluster", "rolebindings: not in the snapshot cluster", "clusterrolebindings: not in the snapshot cluster",
            "networkpolicies: not in the snapshot cluster", "events: not in the snapshot cluster"], offline.Notes);
        Assert.Null(forbidden.Bindings);
        Assert.Equal(4, forbidden.Events!.Count);
        Assert.Equal([$"rolebindings: context incident ({server.Url}): forbidden (403): rolebindings is forbidden: User \"analyst\" cannot list resource \"rolebindings\" at the cluster scope"],
            forbidden.Notes);
    }

    [Fact]
    public async Task The_live_cluster_gives_the_same_answers_with_only_reads_and_the_analysts_token()
    {
        using var server = new FakeApiServer(Snapshot);
        var live = LiveCluster.FromKubeconfig(server.WriteKubeconfig(_temp.Combine("kubeconfig")));

        var node = await ClusterLookups.NodeByIpAsync(live, "192.168.23.107");
        var pod = await ClusterLookups.PodAsync(live, "sysdiag", "default");
        var gone = await Assert.ThrowsAsync<ClusterException>(() => ClusterLookups.PodAsync(live, "nope", "default"));

        Assert.Equal(await ClusterLookups.NodeByIpAsync(Offline(), "192.168.23.107") with { Labels = node.Labels }, node);
        Assert.Equal((await ClusterLookups.PodAsync(Offline(), "sysdiag", "default")).InstanceId, pod.InstanceId);
        Assert.Equal($"context incident ({server.Url}): no pod default/nope", gone.Message);
        Assert.Equal(
            ["GET /api/v1/nodes", "GET /api/v1/namespaces/default/pods/sysdiag", "GET /api/v1/nodes", "GET /api/v1/serviceaccounts", "GET /apis/rbac.authorization.k8s.io/v1/rolebindings",
                "GET /apis/rbac.authorization.k8s.io/v1/clusterrolebindings", "GET /apis/networking.k8s.io/v1/networkpolicies", "GET /api/v1/events",
                "GET /api/v1/namespaces/default/pods/nope"],
            server.Requests.Select(r => r.Split(" auth=")[0]));
        Assert.Equal(await ClusterLookups.PodAsync(Offline(), "sysdiag", "default") is var offline ? (offline.Events!.Count, offline.Bindings!.Count) : default,
            (pod.Events!.Count, pod.Bindings!.Count));
        Assert.All(server.Requests, r => Assert.EndsWith("auth=Bearer analyst-token", r));
    }

    [Fact]
    public async Task A_forbidden_answer_is_one_clear_line_naming_the_context()
    {
        using var server = new FakeApiServer(Snapshot, 403, "nodes is forbidden: User \"dev-intern\" cannot list resource \"nodes\" at the cluster scope");
        var live = LiveCluster.FromKubeconfig(server.WriteKubeconfig(_temp.Combine("kubeconfig")));

        var error = await Assert.ThrowsAsync<ClusterException>(() => ClusterLookups.NodeByIpAsync(live, "192.168.23.107"));

        Assert.Equal($"context incident ({server.Url}): forbidden (403): nodes is forbidden: User \"dev-intern\" cannot list resource \"nodes\" at the cluster scope", error.Message);
    }
}
