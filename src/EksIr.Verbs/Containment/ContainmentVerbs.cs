using EksIr.Cloud.Aws;
using EksIr.Cloud.Kubernetes;
using EksIr.Core.Cases;
using EksIr.Core.Plans;
using EksIr.Core.Time;
using EksIr.Verbs.Aws;
using EksIr.Verbs.Cluster;

namespace EksIr.Verbs.Containment;

/// <summary>
/// The containment phase's verbs: quarantine a pod or a node, isolate an EC2 instance. Each is a plan — a dry run unless
/// --execute — whose steps say the state before them and how to undo them; steps already in place are not repeated.
/// </summary>
public static class ContainmentVerbs
{
    /// <summary>An EC2 instance's id (the command line's ID, a cell's id given first).</summary>
    public static VerbOption InstanceId { get; } = new("--id", "the instance id (i-…)", Implicit: true, Placeholder: "ID") { FromCase = CaseEntityKind.Instance };

    /// <summary>How acquisition and containment keep the instance's Auto Scaling group (an EKS node group's) from terminating it.</summary>
    public static VerbOption AutoScaling { get; } = new("--auto-scaling",
        "detach: leave the instance's Auto Scaling group, which launches a replacement (nothing the group does can then end the instance); " +
        "protect: scale-in protection only (the group still replaces it after a failed health check, e.g. once stopped)", Default: "detach");

    /// <summary>The <c>--auto-scaling</c> choice.</summary>
    public static AutoScalingHold Hold(VerbCall call) => call.Arguments.Required("--auto-scaling") switch
    {
        "detach" => AutoScalingHold.Detach,
        "protect" => AutoScalingHold.Protect,
        var other => throw new VerbUsageException($"--auto-scaling {other}: use detach (leave the Auto Scaling group) or protect (scale-in protection only)"),
    };

    public static VerbOption ExecuteOnCluster { get; } = VerbOption.Flag("--execute", "act on the live cluster (without it: a dry run, the plan only)");

    public static VerbOption ExecuteOnAccount { get; } = VerbOption.Flag("--execute", "act on the live account (without it: a dry run, the plan only)");

    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        Plan(
            "contain pod",
            "Quarantine a pod: label it phase=QUARANTINE and add a NetworkPolicy that denies all its traffic in and out. A dry " +
            "run unless --execute: the plan is shown (the exact patch and policy YAML), nothing is sent. Steps already in place " +
            "are not repeated; each step says the state before it and how to undo it. The last steps check whether the cluster " +
            "enforces NetworkPolicies at all, and say when the case knows of processes on the host that pod isolation does not contain.",
            [ClusterVerbs.PodName, ClusterVerbs.Namespace, .. ClusterSource.Options, ExecuteOnCluster],
            call => ClusterSource.AskAsync(call, cluster => EksIr.Cloud.Kubernetes.Containment.PodAsync(cluster, cluster as IClusterWriter,
                call.Arguments.Required("--name"), call.Arguments.Required("-n"), call.Arguments.Flag("--execute"), call.Cancellation,
                [.. (call.Case?.Context().Of(CaseEntityKind.HostPid) ?? []).Select(p => $"PID {p.Value} (confirmed from {p.Source})")]))),
        Plan(
            "contain node",
            "Quarantine a node: label it phase=QUARANTINE and cordon it (spec.unschedulable). A dry run unless --execute.",
            [new VerbOption("--name", "the node's name", Implicit: true, Placeholder: "NAME") { FromCase = CaseEntityKind.Node }, .. ClusterSource.Options, ExecuteOnCluster],
            call => ClusterSource.AskAsync(call, cluster => EksIr.Cloud.Kubernetes.Containment.NodeAsync(cluster, cluster as IClusterWriter,
                call.Arguments.Required("--name"), call.Arguments.Flag("--execute"), call.Cancellation))),
        Plan(
            "contain instance",
            "Isolate an EC2 instance: out of its Auto Scaling group's reach first (detached, a replacement launched; or with --auto-scaling " +
            "protect, scale-in protection only), as an isolated node turns NotReady and can be replaced; a security group with no rules (created if missing) on every ENI, the old groups recorded; " +
            "the instance role's sessions issued before a time denied everything (the aws:TokenIssueTime policy the IAM console " +
            "puts on the role); the instance profile detached. A dry run unless --execute; each step says the state before it " +
            "and the AWS CLI line that undoes it; steps already in place are not repeated.",
            [
                InstanceId,
                new VerbOption("--isolation-group", "name of the isolation security group", Default: InstanceContainmentOptions.DefaultIsolationGroup),
                new VerbOption("--revoke-before", "deny the role's sessions issued before this UTC time (default: now)"),
                VerbOption.Flag("--keep-instance-profile", "leave the instance profile attached"),
                AutoScaling,
                .. AwsAccount.Options,
                ExecuteOnAccount,
            ],
            ContainInstanceAsync),
    ];

    /// <summary>A verb whose result is a plan: failed when a step failed, shown and journaled step by step.</summary>
    public static Verb<SourceAnswer<ActionPlan>> Plan(string name, string summary, IReadOnlyList<VerbOption> options,
        Func<VerbCall, Task<SourceAnswer<ActionPlan>>> engine, Func<ActionPlan, string>? journal = null) =>
        new(name, summary, options, engine,
            r => (journal ?? PlanViews.Journal)(r.Answer), r => r.Problems,
            (r, _) => PlanViews.Text(r.Answer),
            r => r.Answer, PlanViews.JsonHelp,
            failed: r => r.Answer.Failed);

    private static Task<SourceAnswer<ActionPlan>> ContainInstanceAsync(VerbCall call)
    {
        var before = call.Arguments.Value("--revoke-before") is { } text
            ? TimeOption.Parse(text) ?? throw new VerbUsageException($"contain instance: {TimeOption.NotATime("--revoke-before", text)}")
            : (DateTimeOffset?)null;
        var options = new InstanceContainmentOptions(call.Arguments.Required("--isolation-group"), before, call.Arguments.Flag("--keep-instance-profile"), Hold(call));
        return AwsAccount.AskAsync(call, (source, live) => InstanceContainment.RunAsync(source, live, call.Arguments.Required("--id"), options,
            call.Case?.Now ?? call.Clock.GetUtcNow(), call.Arguments.Flag("--execute"), call.Cancellation));
    }
}
