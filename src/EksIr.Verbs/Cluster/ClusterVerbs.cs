using EksIr.Cloud.Kubernetes;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Verbs.Cluster;

/// <summary>The identification phase's questions to the cluster (live, or a snapshot of it): the node behind an IP, a pod and what it can reach.</summary>
public static class ClusterVerbs
{
    /// <summary>A pod's name (the command line's NAME, a cell's name given first).</summary>
    public static VerbOption PodName { get; } = new("--name", "the pod's name", Required: true, Implicit: true, Placeholder: "NAME");

    /// <summary>A pod's namespace, as kubectl's -n.</summary>
    public static VerbOption Namespace { get; } = new("-n", "the pod's namespace", Default: "default");

    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<SourceAnswer<ClusterNode>>(
            "k8s node",
            "The node with this InternalIP or ExternalIP (exact match) and the EC2 instance behind it (from spec.providerID).",
            [new VerbOption("--ip", "the node's IP address", Required: true), .. ClusterSource.Options],
            call => ClusterSource.AskAsync(call, cluster => ClusterLookups.NodeByIpAsync(cluster, call.Arguments.Required("--ip"), call.Cancellation)),
            r => $"{r.Answer.Name} is {r.Answer.InstanceId ?? "no EC2 instance known"}", r => r.Problems,
            (r, _) => TextTable.Render(CaseViews.FieldHeaders, ClusterViews.Node(r.Answer)),
            r => r.Answer, "print an object (name, instanceId, providerId, internalIp, externalIp, zone, unschedulable, labels)"),
        new Verb<SourceAnswer<ClusterPod>>(
            "k8s pod",
            "A pod as incident response needs it: its node and EC2 instance, privileged, host network/PID, host paths, images, " +
            "service account and its IAM role, RBAC bindings, NetworkPolicies, events, owner.",
            [PodName, Namespace, .. ClusterSource.Options],
            call => ClusterSource.AskAsync(call, cluster =>
                ClusterLookups.PodAsync(cluster, call.Arguments.Required("--name"), call.Arguments.Required("-n"), call.Cancellation)),
            r => $"pod {r.Answer.Namespace}/{r.Answer.Name} on {r.Answer.Node ?? "no node"} ({r.Answer.InstanceId ?? "no EC2 instance known"})", r => r.Problems,
            (r, _) => TextTable.Render(CaseViews.FieldHeaders, ClusterViews.Pod(r.Answer)),
            r => r.Answer, "print an object (name, namespace, node, instanceId, privileged, images, serviceAccount, labels, …)"),
    ];
}
