using EksIr.Core.Evidence;
using EksIr.Cloud.Kubernetes;

namespace EksIr.Core.Tests.Kubernetes;

/// <summary>Containment of the incident's pod and node: dry run sends nothing, execute sends exactly the patches and the policy.</summary>
public sealed class ContainmentTests : IDisposable
{
    private readonly TempDir _temp = new();
    private static readonly string Snapshot = Repo.Path("sample-data", "incident-1", "cluster");
    private const string Node = "ip-192-168-23-107.us-west-2.compute.internal";

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_dry_run_plans_label_and_deny_all_policy_and_sends_no_change()
    {
        using var server = new FakeApiServer(Snapshot);
        var live = LiveCluster.FromKubeconfig(server.WriteKubeconfig(_temp.Combine("kubeconfig")));

        var plan = await Containment.PodAsync(live, live, "sysdiag", "default", execute: false);

        Assert.Equal(["planned (dry run)", "planned (dry run)", Containment.Checked], plan.Actions.Select(a => a.Outcome));
        Assert.Equal("{\"metadata\":{\"labels\":{\"phase\":\"QUARANTINE\"}}}", plan.Actions[0].Detail);
        Assert.Equal("labels: app=sysdiag", plan.Actions[0].Before);
        Assert.Equal("kubectl label pod sysdiag -n default phase-", plan.Actions[0].Rollback);
        var yaml = plan.Actions[1].Detail;
        Assert.Contains("kind: NetworkPolicy", yaml);
        Assert.Contains("name: eksir-quarantine-sysdiag", yaml);
        Assert.Contains("phase: QUARANTINE", yaml);
        Assert.Contains("- Ingress", yaml);
        Assert.Contains("- Egress", yaml);
        Assert.DoesNotContain("ingress:", yaml); // no rule: nothing allowed
        Assert.All(server.Requests, r => Assert.StartsWith("GET ", r));
        Assert.Empty(server.Bodies);
    }

    [Fact]
    public async Task Execute_sends_exactly_the_merge_patches_and_the_policy_and_a_second_run_repeats_nothing()
    {
        using var server = new FakeApiServer(Snapshot);
        var live = LiveCluster.FromKubeconfig(server.WriteKubeconfig(_temp.Combine("kubeconfig")));

        var pod = await Containment.PodAsync(live, live, "sysdiag", "default", execute: true);
        var node = await Containment.NodeAsync(live, live, Node, execute: true);
        var again = await Containment.PodAsync(live, live, "sysdiag", "default", execute: true);

        Assert.Equal(["done", "done", Containment.Checked], pod.Actions.Select(a => a.Outcome));
        Assert.Equal(["done", "done"], node.Actions.Select(a => a.Outcome));
        var bodies = server.Bodies.ToList();
        Assert.Equal("PATCH /api/v1/namespaces/default/pods/sysdiag application/merge-patch+json; charset=utf-8 {\"metadata\":{\"labels\":{\"phase\":\"QUARANTINE\"}}}", bodies[0]);
        Assert.StartsWith("POST /apis/networking.k8s.io/v1/namespaces/default/networkpolicies application/json", bodies[1]);
        Assert.Contains("\"podSelector\":{\"matchLabels\":{\"phase\":\"QUARANTINE\"}}", bodies[1]);
        Assert.Contains("\"policyTypes\":[\"Ingress\",\"Egress\"]", bodies[1]);
        Assert.Equal($"PATCH /api/v1/nodes/{Node} application/merge-patch+json; charset=utf-8 {{\"spec\":{{\"unschedulable\":true}}}}", bodies[3]);
        Assert.Equal("already in place", again.Actions[1].Outcome); // the policy exists now: not created twice
        Assert.Equal(5, bodies.Count); // the second run's label patch is the only repeat: the fake does not keep labels
    }

    [Fact]
    public async Task A_snapshot_plans_but_cannot_be_changed_and_a_cordoned_node_is_left_as_it_is()
    {
        var snapshot = new SnapshotCluster(new EvidenceRoot(Repo.Path("sample-data", "incident-1")), "cluster");
        _temp.Write("cluster/nodes.json", File.ReadAllText(Path.Combine(Snapshot, "nodes.json"))
            .Replace("\"providerID\": \"aws:///us-west-2b/i-0c7d2e91b4a6f3508\"", "\"providerID\": \"aws:///us-west-2b/i-0c7d2e91b4a6f3508\", \"unschedulable\": true"));
        var cordoned = new SnapshotCluster(new EvidenceRoot(_temp.Path), "cluster");

        var plan = await Containment.NodeAsync(snapshot, null, Node, execute: false);
        var refused = await Assert.ThrowsAsync<ClusterException>(() => Containment.NodeAsync(snapshot, null, Node, execute: true));
        var already = await Containment.NodeAsync(cordoned, null, Node, execute: false);

        Assert.Equal(["planned (dry run)", "planned (dry run)"], plan.Actions.Select(a => a.Outcome));
        Assert.Equal("kubectl uncordon " + Node, plan.Actions[1].Rollback);
        Assert.Contains("a snapshot cannot be changed", refused.Message);
        Assert.Equal("already in place", already.Actions[1].Outcome);
        Assert.Equal("unschedulable: true", already.Actions[1].Before);
    }

    [Theory]
    // The container names are the engines' own: the VPC CNI runs its agent as aws-network-policy-agent in the aws-node
    // pods (AWS's EKS network policy docs), Calico's DaemonSet runs calico-node, Cilium's runs cilium-agent.
    [InlineData("aws-node,aws-network-policy-agent", "enforced by the Amazon VPC CNI's network policy agent (aws-network-policy-agent in the aws-node pods)")]
    [InlineData("calico-node", "enforced by Calico (calico-node)")]
    [InlineData("cilium-agent", "enforced by Cilium (cilium-agent)")]
    [InlineData("aws-node", "NOT enforced as far as the 1 kube-system pods show: none runs a policy engine")]
    [InlineData("", "unknown: ")]
    public async Task The_pod_plan_says_whether_the_cluster_enforces_the_deny_all_policy_it_adds(string systemContainers, string said)
    {
        var sysdiag = """{"metadata": {"name": "sysdiag", "namespace": "default", "labels": {"app": "sysdiag"}}, "spec": {"nodeName": "n1", "containers": [{"name": "sysdiag", "image": "x"}]}}""";
        var system = systemContainers.Length == 0 ? "" : ", " + """{"metadata": {"name": "agent-1", "namespace": "kube-system"}, "spec": {"nodeName": "n1", "containers": [""" +
            string.Join(", ", systemContainers.Split(',').Select(c => $$"""{"name": "{{c}}", "image": "x"}""")) + "]}}";
        _temp.Write("cluster/pods.json", """{"apiVersion": "v1", "kind": "List", "items": [""" + sysdiag + system + "]}");
        var snapshot = new SnapshotCluster(new EvidenceRoot(_temp.Path), "cluster");

        var plan = await Containment.PodAsync(snapshot, null, "sysdiag", "default", execute: false);

        var check = plan.Actions[^1];
        Assert.Equal(("check NetworkPolicy enforcement", Containment.Checked), (check.Action, check.Outcome));
        Assert.StartsWith(said, check.Detail);
    }

}
