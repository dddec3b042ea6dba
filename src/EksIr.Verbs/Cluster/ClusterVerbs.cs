using EksIr.Cloud.Kubernetes;
using EksIr.Core.Cases;
using EksIr.Core.Reporting;
using EksIr.Verbs.Cases;
using EksIr.Reporting;

namespace EksIr.Verbs.Cluster;

/// <summary>The identification phase's questions to the cluster (live, or a snapshot of it): the node behind an IP, a pod and what it can reach.</summary>
public static class ClusterVerbs
{
    /// <summary>A pod's name (the command line's NAME, a cell's name given first).</summary>
    public static VerbOption PodName { get; } = new("--name", "the pod's name", Implicit: true, Placeholder: "NAME")
    {
        FromCase = CaseEntityKind.Pod,
        FromCaseValue = pod => pod[(pod.IndexOf('/', StringComparison.Ordinal) + 1)..],
    };

    /// <summary>A pod's namespace, as kubectl's -n.</summary>
    public static VerbOption Namespace { get; } = new("-n", "the pod's namespace", Default: "default")
    {
        FromCase = CaseEntityKind.Pod,
        FromCaseValue = pod => pod[..pod.IndexOf('/', StringComparison.Ordinal)],
    };

    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<SourceAnswer<ClusterNode>>(
            "k8s node",
            "The node with this InternalIP or ExternalIP (exact match) and the EC2 instance behind it (from spec.providerID).",
            [new VerbOption("--ip", "the node's IP address", Required: true), .. ClusterSource.Options, CaseConfirmation.Option],
            call => ClusterSource.AskAsync(call, cluster => ClusterLookups.NodeByIpAsync(cluster, call.Arguments.Required("--ip"), call.Cancellation)),
            r => $"{r.Answer.Name} is {r.Answer.InstanceId ?? "no EC2 instance known"}", r => r.Problems,
            (r, _) => TextTable.Render(CaseViews.FieldHeaders, ClusterViews.Node(r.Answer)),
            r => r.Answer, "print an object (name, instanceId, providerId, internalIp, externalIp, zone, unschedulable, labels)")
        {
            Entities = r => [(CaseEntityKind.Node, r.Answer.Name), .. Some(CaseEntityKind.Instance, r.Answer.InstanceId)],
        },
        new Verb<SourceAnswer<ClusterPod>>(
            "k8s pod",
            "A pod as incident response needs it: its node and EC2 instance, privileged, host network/PID, host paths, images, " +
            "service account and its IAM role, RBAC bindings, NetworkPolicies, events, owner.",
            [PodName, Namespace, .. ClusterSource.Options, CaseConfirmation.Option],
            call => ClusterSource.AskAsync(call, cluster =>
                ClusterLookups.PodAsync(cluster, call.Arguments.Required("--name"), call.Arguments.Required("-n"), call.Cancellation)),
            r => $"pod {r.Answer.Namespace}/{r.Answer.Name} on {r.Answer.Node ?? "no node"} ({r.Answer.InstanceId ?? "no EC2 instance known"})", r => r.Problems,
            (r, _) => TextTable.Render(CaseViews.FieldHeaders, ClusterViews.Pod(r.Answer)),
            r => r.Answer, "print an object (name, namespace, node, instanceId, privileged, images, containerIds, serviceAccount, labels, …)")
        {
            Entities = r =>
            [
                (CaseEntityKind.Pod, $"{r.Answer.Namespace}/{r.Answer.Name}"), .. Some(CaseEntityKind.Node, r.Answer.Node), .. Some(CaseEntityKind.Instance, r.Answer.InstanceId),
                .. r.Answer.ContainerIds.Select(c => (CaseEntityKind.Container, c.Id)), .. r.Answer.Images.Select(i => (CaseEntityKind.Image, i)),
            ],
        },
    ];

    /// <summary>The entity when the card knows it.</summary>
    public static IEnumerable<(CaseEntityKind Kind, string Value)> Some(CaseEntityKind kind, string? value) => value is null ? [] : [(kind, value)];
}
