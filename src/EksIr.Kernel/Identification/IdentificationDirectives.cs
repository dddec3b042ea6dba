using EksIr.Core.Kubernetes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Identification;

/// <summary><c>#!k8s node --ip IP [--snapshot DIR | --context C]</c></summary>
public sealed class FindClusterNode : KernelCommand
{
    public string? Ip { get; set; }

    public string? Snapshot { get; set; }

    public string? Context { get; set; }

    public string? Kubeconfig { get; set; }
}

/// <summary><c>#!k8s pod --name NAME [-n NS] [--snapshot DIR | --context C]</c></summary>
public sealed class ShowClusterPod : KernelCommand
{
    public string? Name { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("n")]
    public string? Namespace { get; set; }

    public string? Snapshot { get; set; }

    public string? Context { get; set; }

    public string? Kubeconfig { get; set; }
}

/// <summary>The identification phase's cluster lookups (same verbs and options as eksir); #!guardduty is declared in EksIr.Verbs.</summary>
public static class IdentificationDirectives
{
    public static void Register(CompositeKernel kernel, CurrentCase current)
    {
        var k8s = new KernelActionDirective("#!k8s") { Description = "Ask the cluster (live from kubeconfig, or a kubectl -o json snapshot) about a node or a pod" };
        var node = new KernelActionDirective("node")
        {
            Description = "The node with this IP (exact match) and the EC2 instance behind it",
            Parameters = { new KernelDirectiveParameter("--ip", "The node's IP address") { Required = true } },
        };
        ClusterParameters.Add(node, SnapshotDescription);
        var pod = new KernelActionDirective("pod")
        {
            Description = "A pod's node and EC2 instance, privileges, host access, images, service account, owner",
            Parameters = { new KernelDirectiveParameter("--name", "The pod's name") { Required = true, AllowImplicitName = true },
                new KernelDirectiveParameter("-n", "The pod's namespace (default: default)") },
        };
        ClusterParameters.Add(pod, SnapshotDescription);
        k8s.Subcommands.Add(node);
        k8s.Subcommands.Add(pod);
        kernel.KernelInfo.SupportedDirectives.Add(k8s);
        kernel.AddDirective<FindClusterNode>(node, CaseVerb.Handler<FindClusterNode>(current, "k8s node",
            c => JournalOptions.Of(("--ip", c.Ip), ("--snapshot", c.Snapshot), ("--context", c.Context), ("--kubeconfig", c.Kubeconfig)),
            (c, session) => ClusterLookups.NodeByIpAsync(ClusterParameters.Open(session, c.Snapshot, c.Kubeconfig, c.Context), c.Ip!).GetAwaiter().GetResult(),
            r => $"{((ClusterNode)r).Name} is {((ClusterNode)r).InstanceId}"));
        kernel.AddDirective<ShowClusterPod>(pod, CaseVerb.Handler<ShowClusterPod>(current, "k8s pod",
            c => JournalOptions.Of(("--name", c.Name), ("-n", c.Namespace), ("--snapshot", c.Snapshot), ("--context", c.Context), ("--kubeconfig", c.Kubeconfig)),
            (c, session) => ClusterLookups.PodAsync(ClusterParameters.Open(session, c.Snapshot, c.Kubeconfig, c.Context), c.Name!, c.Namespace ?? "default").GetAwaiter().GetResult(),
            r => $"pod {((ClusterPod)r).Namespace}/{((ClusterPod)r).Name} on {((ClusterPod)r).Node} ({((ClusterPod)r).InstanceId})"));
    }

    private const string SnapshotDescription = "A folder of kubectl get -o json outputs inside the case evidence instead of the live cluster (empty: live)";
}
