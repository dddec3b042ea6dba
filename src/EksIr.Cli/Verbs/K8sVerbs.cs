using EksIr.Cli.CommandLine;
using EksIr.Core.Evidence;
using EksIr.Core.Kubernetes;
using EksIr.Core.Plans;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary>The cluster a k8s verb asks: a snapshot folder (--snapshot) or the live cluster from kubeconfig (--context).</summary>
internal static class ClusterOptions
{
    public static readonly Dictionary<string, string> Values = new()
    {
        ["--snapshot"] = "a folder of kubectl get … -o json outputs instead of the live cluster",
        ["--kubeconfig"] = "kubeconfig file for the live cluster (default: KUBECONFIG or ~/.kube/config)",
        ["--context"] = "kubeconfig context (default: the current one)",
    };

    public static IClusterSource Open(ParsedArgs args, CliConsole console)
    {
        if (args.Value("--snapshot") is { } snapshot)
        {
            var (root, path) = EvidenceFile.Locate(snapshot);
            var cluster = new SnapshotCluster(root, path, snapshot);
            console.ReportProblems(cluster.Problems);
            return cluster;
        }

        return LiveCluster.FromKubeconfig(args.Value("--kubeconfig"), args.Value("--context"));
    }
}

/// <summary><c>eksir k8s node --ip IP [--snapshot DIR] [--json]</c></summary>
public sealed class K8sNodeVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "k8s node",
        "k8s node --ip IP [--snapshot DIR | --context C] [--json]",
        "The node with this InternalIP or ExternalIP (exact match) and the EC2 instance behind it (from spec.providerID).",
        [],
        new Dictionary<string, string>(ClusterOptions.Values) { ["--ip"] = "the node's IP address" },
        new Dictionary<string, string> { ["--json"] = "print an object (name, instanceId, providerId, internalIp, externalIp, zone, unschedulable, labels)" },
        Required: new HashSet<string> { "--ip" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var node = await ClusterLookups.NodeByIpAsync(ClusterOptions.Open(args, console), args.Value("--ip")!, cancellationToken);
        if (args.Flag("--json"))
        {
            console.WriteJson(node);
        }
        else
        {
            console.Out.Write(TextTable.Render(CaseViews.FieldHeaders, ClusterViews.Node(node)));
        }

        return 0;
    }
}

/// <summary><c>eksir k8s pod NAME -n NS [--snapshot DIR] [--json]</c></summary>
public sealed class K8sPodVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "k8s pod",
        "k8s pod NAME -n NS [--snapshot DIR | --context C] [--json]",
        "A pod as incident response needs it: node and EC2 instance, privileged, host network/PID, host paths, images,\n" +
        "service account, owner.",
        ["NAME"],
        new Dictionary<string, string>(ClusterOptions.Values) { ["-n"] = "the pod's namespace (default: default)" },
        new Dictionary<string, string> { ["--json"] = "print an object (name, namespace, node, instanceId, privileged, images, serviceAccount, labels, …)" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var pod = await ClusterLookups.PodAsync(ClusterOptions.Open(args, console), args.Positional(0), args.Value("-n") ?? "default", cancellationToken);
        if (args.Flag("--json"))
        {
            console.WriteJson(pod);
        }
        else
        {
            console.Out.Write(TextTable.Render(CaseViews.FieldHeaders, ClusterViews.Pod(pod)));
        }

        return 0;
    }
}

/// <summary><c>eksir contain pod NAME -n NS [--snapshot DIR | --context C] [--execute] [--json]</c></summary>
public sealed class ContainPodVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "contain pod",
        "contain pod NAME -n NS [--snapshot DIR | --context C] [--execute] [--json]",
        "Quarantine a pod: label it phase=QUARANTINE and add a NetworkPolicy that denies all its traffic in and out.\n" +
        "A dry run unless --execute: the plan is printed (the exact patch and policy YAML), nothing is sent.\n" +
        "Steps already in place are not repeated; each step says the state before it and how to undo it.",
        ["NAME"],
        new Dictionary<string, string>(ClusterOptions.Values) { ["-n"] = "the pod's namespace (default: default)" },
        new Dictionary<string, string> { ["--execute"] = "act on the live cluster", ["--json"] = "print the plan/result (actions[{action, target, dryRun, detail, before, rollback, outcome}])" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var cluster = ClusterOptions.Open(args, console);
        var result = await Containment.PodAsync(cluster, cluster as IClusterWriter, args.Positional(0), args.Value("-n") ?? "default", args.Flag("--execute"), cancellationToken);
        ContainmentOutput.Write(result, args, console);
        return 0;
    }
}

/// <summary><c>eksir contain node NAME [--snapshot DIR | --context C] [--execute] [--json]</c></summary>
public sealed class ContainNodeVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "contain node",
        "contain node NAME [--snapshot DIR | --context C] [--execute] [--json]",
        "Quarantine a node: label it phase=QUARANTINE and cordon it (spec.unschedulable). A dry run unless --execute.",
        ["NAME"],
        new Dictionary<string, string>(ClusterOptions.Values),
        new Dictionary<string, string> { ["--execute"] = "act on the live cluster", ["--json"] = "print the plan/result (actions[{action, target, dryRun, detail, before, rollback, outcome}])" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var cluster = ClusterOptions.Open(args, console);
        var result = await Containment.NodeAsync(cluster, cluster as IClusterWriter, args.Positional(0), args.Flag("--execute"), cancellationToken);
        ContainmentOutput.Write(result, args, console);
        return 0;
    }
}

internal static class ContainmentOutput
{
    public static void Write(ActionPlan result, ParsedArgs args, CliConsole console)
    {
        if (args.Flag("--json"))
        {
            console.WriteJson(result);
            return;
        }

        console.Out.WriteLine(result.Summary);
        foreach (var a in result.Actions)
        {
            console.Out.WriteLine(TerminalText.Lines($"\n== {a.Action} {a.Target}: {a.Outcome}\nbefore: {a.Before}\nundo: {a.Rollback}\n{a.Detail.TrimEnd()}"));
        }
    }
}

/// <summary><c>eksir acquire pod-logs NAME -n NS --out DIR [--previous] [--context C] [--execute] [--json]</c></summary>
public sealed class AcquirePodLogsVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "acquire pod-logs",
        "acquire pod-logs NAME -n NS --out DIR [--previous] [--snapshot DIR | --context C] [--execute] [--json]",
        "Fetch every container's log of a pod (with --previous, also the previous instance's) from the API server into\n" +
        "DIR/<ns>_<pod>/, each with its SHA-256. A dry run unless --execute; nothing is overwritten.",
        ["NAME"],
        new Dictionary<string, string>(ClusterOptions.Values) { ["-n"] = "the pod's namespace (default: default)", ["--out"] = "folder for the logs (outside the evidence)" },
        new Dictionary<string, string>
        {
            ["--previous"] = "also the previous container instances' logs",
            ["--execute"] = "fetch (default: dry run)",
            ["--json"] = "print the plan/result (actions[{action, target, dryRun, detail, before, rollback, outcome}])",
        },
        Required: new HashSet<string> { "--out" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var cluster = ClusterOptions.Open(args, console);
        var result = await PodLogAcquisition.RunAsync(cluster, cluster as IPodLogReader, args.Positional(0), args.Value("-n") ?? "default", args.Flag("--previous"),
            Path.GetFullPath(args.Value("--out")!), args.Flag("--execute"), cancellationToken);
        ContainmentOutput.Write(result, args, console);
        return 0;
    }
}
