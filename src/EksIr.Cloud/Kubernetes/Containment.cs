using System.Text.Json;
using EksIr.Core.Plans;
using k8s;
using k8s.Models;

namespace EksIr.Cloud.Kubernetes;

/// <summary>
/// The <c>contain pod</c> and <c>contain node</c> verbs: dry run by default (the plan, with the exact patch and
/// NetworkPolicy, and nothing sent), acting only with execute. Idempotent: a step already in place is reported,
/// not repeated. Each step carries the state before it and the kubectl line that undoes it.
/// </summary>
public static class Containment
{
    public const string QuarantineLabel = "phase";
    public const string QuarantineValue = "QUARANTINE";

    /// <param name="hostProcesses">Processes of the intrusion known to run on the node outside any container (the case's confirmed host PIDs, with where each came from): pod isolation does not contain them, and the plan says so.</param>
    public static async Task<ActionPlan> PodAsync(IClusterSource cluster, IClusterWriter? writer, string name, string ns, bool execute,
        CancellationToken cancellationToken = default, IReadOnlyList<string>? hostProcesses = null)
    {
        var pod = await cluster.PodAsync(name, ns, cancellationToken).ConfigureAwait(false)
                  ?? throw new ClusterException($"{cluster.Description}: no pod {ns}/{name}");
        var w = Writer(cluster, writer, execute);
        var labels = pod.Metadata?.Labels ?? new Dictionary<string, string>();
        var actions = new List<PlannedAction>();

        var labelPatch = LabelPatch();
        var labelled = labels.TryGetValue(QuarantineLabel, out var current) && current == QuarantineValue;
        actions.Add(await Step("label", $"pod {ns}/{name}", execute, labelled, labelPatch,
            $"labels: {Describe(labels)}", $"kubectl label pod {name} -n {ns} {QuarantineLabel}-",
            () => w!.MergePatchPodAsync(name, ns, labelPatch, cancellationToken)).ConfigureAwait(false));

        var policy = DenyAll(name, ns);
        var policyName = policy.Metadata.Name;
        var exists = w is not null && await w.NetworkPolicyExistsAsync(policyName, ns, cancellationToken).ConfigureAwait(false);
        actions.Add(await Step("deny all traffic", $"networkpolicy {ns}/{policyName}", execute, exists, KubernetesYaml.Serialize(policy),
            w is null ? "not known (a snapshot holds no NetworkPolicies)" : exists ? "the policy exists" : "no such policy",
            $"kubectl delete networkpolicy {policyName} -n {ns}",
            () => w!.CreateNetworkPolicyAsync(policy, ns, cancellationToken)).ConfigureAwait(false));
        actions.Add(await PolicyEnforcementAsync(cluster, execute, cancellationToken).ConfigureAwait(false));
        if (hostProcesses is { Count: > 0 })
        {
            actions.Add(new PlannedAction("processes on the host", pod.Spec?.NodeName is { } node ? $"node {node}" : "the pod's node", !execute,
                $"NOT contained by this plan: {string.Join("; ", hostProcesses)} {(hostProcesses.Count == 1 ? "runs" : "run")} on the node outside any container, where the pod's label and " +
                "NetworkPolicy do not reach; contain the instance (contain instance: isolation security group, role sessions revoked) and acquire its memory",
                "—", "none needed (read-only)", Checked));
        }

        return new ActionPlan($"pod {ns}/{name}", execute, actions);
    }

    /// <summary>What a read-only step says when the check found what enforces NetworkPolicies.</summary>
    public const string Checked = "checked";

    /// <summary>
    /// Whether the cluster enforces NetworkPolicies at all: the API server accepts a policy whatever the network does,
    /// and only a policy engine applies it — on EKS the Amazon VPC CNI's network policy agent (the
    /// aws-network-policy-agent container of the aws-node pods), Calico (calico-node) or Cilium (cilium-agent). Read
    /// from the kube-system pods; unknown when none is known (a snapshot without them).
    /// </summary>
    public static async Task<PlannedAction> PolicyEnforcementAsync(IClusterSource cluster, bool execute, CancellationToken cancellationToken = default)
    {
        var system = (await cluster.PodsAsync(cancellationToken).ConfigureAwait(false)).Where(p => p.Metadata?.NamespaceProperty == "kube-system").ToList();
        var containers = system.SelectMany(p => p.Spec?.Containers ?? []).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var engines = new List<string>();
        if (containers.Contains("aws-network-policy-agent"))
        {
            engines.Add("the Amazon VPC CNI's network policy agent (aws-network-policy-agent in the aws-node pods)");
        }

        if (containers.Contains("calico-node"))
        {
            engines.Add("Calico (calico-node)");
        }

        if (containers.Contains("cilium-agent"))
        {
            engines.Add("Cilium (cilium-agent)");
        }

        var found = system.Count == 0
            ? $"unknown: {cluster.Description} shows no kube-system pod, so whether a policy engine runs is not known; check for the VPC CNI's network policy agent, Calico or Cilium before relying on the deny-all policy"
            : engines.Count > 0
                ? "enforced by " + string.Join(" and ", engines)
                : $"NOT enforced as far as the {system.Count} kube-system pods show: none runs a policy engine (the VPC CNI's aws-network-policy-agent, Calico, Cilium), so the deny-all NetworkPolicy above is accepted and does nothing; cut the pod off at the node or the instance instead (contain node, contain instance)";
        return new PlannedAction("check NetworkPolicy enforcement", "cluster", !execute, found, "—", "none needed (read-only)", Checked);
    }

    public static async Task<ActionPlan> NodeAsync(IClusterSource cluster, IClusterWriter? writer, string name, bool execute,
        CancellationToken cancellationToken = default)
    {
        var node = (await cluster.NodesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(n => n.Metadata?.Name == name)
                   ?? throw new ClusterException($"{cluster.Description}: no node {name}");
        var w = Writer(cluster, writer, execute);
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        var actions = new List<PlannedAction>();

        var labelPatch = LabelPatch();
        var labelled = labels.TryGetValue(QuarantineLabel, out var current) && current == QuarantineValue;
        actions.Add(await Step("label", $"node {name}", execute, labelled, labelPatch, $"labels: {Describe(labels)}",
            $"kubectl label node {name} {QuarantineLabel}-", () => w!.MergePatchNodeAsync(name, labelPatch, cancellationToken)).ConfigureAwait(false));

        const string cordon = "{\"spec\":{\"unschedulable\":true}}";
        var cordoned = node.Spec?.Unschedulable == true;
        actions.Add(await Step("cordon", $"node {name}", execute, cordoned, cordon, $"unschedulable: {(cordoned ? "true" : "false")}",
            $"kubectl uncordon {name}", () => w!.MergePatchNodeAsync(name, cordon, cancellationToken)).ConfigureAwait(false));

        return new ActionPlan($"node {name}", execute, actions);
    }

    /// <summary>A NetworkPolicy that selects the quarantined pod (by the quarantine label) and allows nothing in or out.</summary>
    public static V1NetworkPolicy DenyAll(string pod, string ns) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta
        {
            Name = $"eksir-quarantine-{pod}",
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "eksir" },
        },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [QuarantineLabel] = QuarantineValue } },
            PolicyTypes = ["Ingress", "Egress"],
        },
    };

    private static string LabelPatch() => JsonSerializer.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [QuarantineLabel] = QuarantineValue } } });

    private static IClusterWriter? Writer(IClusterSource cluster, IClusterWriter? writer, bool execute) =>
        !execute ? writer
        : writer ?? throw new ClusterException($"{cluster.Description}: a snapshot cannot be changed; --execute acts on the live cluster (leave out --snapshot)");

    private static async Task<PlannedAction> Step(string action, string target, bool execute, bool alreadyDone, string detail, string before,
        string rollback, Func<Task> apply)
    {
        if (alreadyDone)
        {
            return new PlannedAction(action, target, !execute, detail, before, rollback, PlannedAction.AlreadyInPlace);
        }

        if (!execute)
        {
            return new PlannedAction(action, target, true, detail, before, rollback, PlannedAction.Planned);
        }

        await apply().ConfigureAwait(false);
        return new PlannedAction(action, target, false, detail, before, rollback, "done");
    }

    private static string Describe(IDictionary<string, string> labels) =>
        labels.Count == 0 ? "none" : string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
