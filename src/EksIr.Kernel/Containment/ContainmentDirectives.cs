using EksIr.Core.Kubernetes;
using EksIr.Core.Plans;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Containment;

/// <summary><c>#!contain pod NAME [-n NS] [--snapshot DIR | --context C] [--execute]</c></summary>
public sealed class ContainPod : KernelCommand
{
    public string? Name { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("n")]
    public string? Namespace { get; set; }

    public string? Snapshot { get; set; }

    public string? Context { get; set; }

    public string? Kubeconfig { get; set; }

    public bool Execute { get; set; }
}

/// <summary><c>#!contain node NAME [--snapshot DIR | --context C] [--execute]</c></summary>
public sealed class ContainNode : KernelCommand
{
    public string? Name { get; set; }

    public string? Snapshot { get; set; }

    public string? Context { get; set; }

    public string? Kubeconfig { get; set; }

    public bool Execute { get; set; }
}

/// <summary><c>#!acquire pod-logs NAME [-n NS] [--previous] [--execute]</c></summary>
public sealed class AcquirePodLogs : KernelCommand
{
    public string? Name { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("n")]
    public string? Namespace { get; set; }

    public bool Previous { get; set; }

    public string? Snapshot { get; set; }

    public string? Context { get; set; }

    public string? Kubeconfig { get; set; }

    public bool Execute { get; set; }
}

/// <summary>The containment phase's magic commands: a dry run unless --execute, journaled with before-state and undo.</summary>
public static class ContainmentDirectives
{
    public static void Register(CompositeKernel kernel, CurrentCase current)
    {
        var contain = new KernelActionDirective("#!contain") { Description = "Quarantine a pod or a node (dry run unless --execute)" };
        var pod = new KernelActionDirective("pod")
        {
            Description = "Label the pod phase=QUARANTINE and deny all its traffic with a NetworkPolicy",
            Parameters = { new KernelDirectiveParameter("--name", "The pod's name") { Required = true, AllowImplicitName = true },
                new KernelDirectiveParameter("-n", "The pod's namespace (default: default)") },
        };
        AddCommon(pod);
        var node = new KernelActionDirective("node")
        {
            Description = "Label the node phase=QUARANTINE and cordon it",
            Parameters = { new KernelDirectiveParameter("--name", "The node's name") { Required = true, AllowImplicitName = true } },
        };
        AddCommon(node);
        contain.Subcommands.Add(pod);
        contain.Subcommands.Add(node);
        kernel.KernelInfo.SupportedDirectives.Add(contain);
        kernel.AddDirective<ContainPod>(pod, CaseVerb.Handler<ContainPod>(current, "contain pod",
            c => JournalOptions.Of(("--name", c.Name), ("-n", c.Namespace), ("--snapshot", c.Snapshot), ("--context", c.Context), ("--execute", c.Execute ? "true" : null)),
            (c, session) =>
            {
                var cluster = ClusterParameters.Open(session, c.Snapshot, c.Kubeconfig, c.Context);
                return Core.Kubernetes.Containment.PodAsync(cluster, cluster as IClusterWriter, c.Name!, c.Namespace ?? "default", c.Execute).GetAwaiter().GetResult();
            },
            Journal));
        kernel.AddDirective<ContainNode>(node, CaseVerb.Handler<ContainNode>(current, "contain node",
            c => JournalOptions.Of(("--name", c.Name), ("--snapshot", c.Snapshot), ("--context", c.Context), ("--execute", c.Execute ? "true" : null)),
            (c, session) =>
            {
                var cluster = ClusterParameters.Open(session, c.Snapshot, c.Kubeconfig, c.Context);
                return Core.Kubernetes.Containment.NodeAsync(cluster, cluster as IClusterWriter, c.Name!, c.Execute).GetAwaiter().GetResult();
            },
            Journal));
    }

    /// <summary><c>#!acquire pod-logs</c>: into the case folder's acquired/pod-logs, hashed, journaled.</summary>
    public static void RegisterAcquisition(CompositeKernel kernel, CurrentCase current)
    {
        var acquire = new KernelActionDirective("#!acquire") { Description = "Acquire evidence from the live cluster (dry run unless --execute)" };
        var logs = new KernelActionDirective("pod-logs")
        {
            Description = "Every container's log of a pod (and the previous instances' with --previous) into the case folder, with SHA-256",
            Parameters =
            {
                new KernelDirectiveParameter("--name", "The pod's name") { Required = true, AllowImplicitName = true },
                new KernelDirectiveParameter("-n", "The pod's namespace (default: default)"),
                new KernelDirectiveParameter("--previous", "Also the previous container instances' logs") { Flag = true },
            },
        };
        AddCommon(logs);
        acquire.Subcommands.Add(logs);
        kernel.KernelInfo.SupportedDirectives.Add(acquire);
        kernel.AddDirective<AcquirePodLogs>(logs, CaseVerb.Handler<AcquirePodLogs>(current, "acquire pod-logs",
            c => JournalOptions.Of(("--name", c.Name), ("-n", c.Namespace), ("--previous", c.Previous ? "true" : null), ("--snapshot", c.Snapshot), ("--context", c.Context),
                ("--execute", c.Execute ? "true" : null)),
            (c, session) =>
            {
                var cluster = ClusterParameters.Open(session, c.Snapshot, c.Kubeconfig, c.Context);
                return PodLogAcquisition.RunAsync(cluster, cluster as IPodLogReader, c.Name!, c.Namespace ?? "default", c.Previous,
                    session.CaseFolderPath(Path.Combine("acquired", "pod-logs")), c.Execute).GetAwaiter().GetResult();
            },
            r => ((ActionPlan)r).Summary + string.Concat(((ActionPlan)r).Actions.Select(a => $" | {a.Target}: {a.Outcome}; {a.Detail}; {a.Before}"))));
    }

    /// <summary>The journal's summary keeps each step's outcome, the state before it and how to undo it.</summary>
    internal static string Journal(object result)
    {
        var r = (ActionPlan)result;
        return r.Summary + string.Concat(r.Actions.Select(a => $" | {a.Action} {a.Target}: {a.Outcome}; before: {a.Before}; undo: {a.Rollback}"));
    }

    private static void AddCommon(KernelActionDirective directive)
    {
        ClusterParameters.Add(directive, "A kubectl -o json snapshot folder in the case evidence (plans only; empty: live)");
        directive.Parameters.Add(new KernelDirectiveParameter("--execute", "Act on the live cluster (default: dry run)") { Flag = true });
    }
}
