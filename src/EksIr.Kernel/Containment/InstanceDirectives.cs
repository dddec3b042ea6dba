using EksIr.Core.Aws;
using EksIr.Core.Cases;
using EksIr.Core.Plans;
using EksIr.Core.Time;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Containment;

/// <summary><c>#!contain instance ID [--snapshot DIR | --region R --profile P] [--execute]</c></summary>
public sealed class ContainInstance : KernelCommand
{
    public string? Id { get; set; }

    public string? Snapshot { get; set; }

    public string? Region { get; set; }

    public string? Profile { get; set; }

    public string? EndpointUrl { get; set; }

    public string? IsolationGroup { get; set; }

    public string? RevokeBefore { get; set; }

    public bool KeepInstanceProfile { get; set; }

    public bool Execute { get; set; }
}

/// <summary><c>#!acquire instance ID [--memory-to S3URI] [--snapshot DIR | --region R --profile P] [--execute]</c></summary>
public sealed class AcquireInstance : KernelCommand
{
    public string? Id { get; set; }

    public string? Snapshot { get; set; }

    public string? Region { get; set; }

    public string? Profile { get; set; }

    public string? EndpointUrl { get; set; }

    public string? MemoryTo { get; set; }

    public string? MemoryTool { get; set; }

    public string? MemoryToolPath { get; set; }

    public bool NoWait { get; set; }

    public string? Step { get; set; }

    public bool Execute { get; set; }
}

/// <summary>
/// <c>#!contain instance</c> and <c>#!acquire instance</c>: the EC2 side of containment and acquisition, dry run unless
/// --execute, journaled with before-state and undo; the acquisition manifest lands in the case folder's acquired/aws.
/// </summary>
public static class InstanceDirectives
{
    public static void Register(CompositeKernel kernel, CurrentCase current)
    {
        var contain = kernel.KernelInfo.SupportedDirectives.OfType<KernelActionDirective>().Single(d => d.Name == "#!contain");
        var instance = new KernelActionDirective("instance")
        {
            Description = "Isolate an EC2 instance: no-rules security group on every ENI, revoke its role's sessions, detach its instance profile",
            Parameters =
            {
                new KernelDirectiveParameter("--id", "The instance id (i-…)") { Required = true, AllowImplicitName = true },
                new KernelDirectiveParameter("--isolation-group", $"Isolation security group name (default: {InstanceContainmentOptions.DefaultIsolationGroup})"),
                new KernelDirectiveParameter("--revoke-before", "Deny the role's sessions issued before this UTC time (default: now)"),
                new KernelDirectiveParameter("--keep-instance-profile", "Leave the instance profile attached") { Flag = true },
            },
        };
        AddAccount(instance);
        contain.Subcommands.Add(instance);
        kernel.AddDirective<ContainInstance>(instance, CaseVerb.Handler<ContainInstance>(current, "contain instance",
            c => JournalOptions.Of(("--id", c.Id), ("--snapshot", c.Snapshot), ("--region", c.Region), ("--profile", c.Profile), ("--endpoint-url", c.EndpointUrl),
                ("--isolation-group", c.IsolationGroup), ("--revoke-before", c.RevokeBefore), ("--keep-instance-profile", c.KeepInstanceProfile ? "true" : null),
                ("--execute", c.Execute ? "true" : null)),
            (c, session) =>
            {
                var (source, live) = Open(session, c.Snapshot, c.Region, c.Profile, c.EndpointUrl);
                var options = new InstanceContainmentOptions(string.IsNullOrEmpty(c.IsolationGroup) ? InstanceContainmentOptions.DefaultIsolationGroup : c.IsolationGroup,
                    string.IsNullOrEmpty(c.RevokeBefore) ? null : Time(c.RevokeBefore), c.KeepInstanceProfile);
                return InstanceContainment.RunAsync(source, live, c.Id!, options, session.Now, c.Execute).GetAwaiter().GetResult();
            },
            ContainmentDirectives.Journal));

        var acquire = kernel.KernelInfo.SupportedDirectives.OfType<KernelActionDirective>().Single(d => d.Name == "#!acquire");
        var acquireInstance = new KernelActionDirective("instance")
        {
            Description = "Preserve an EC2 instance: termination protection, stop on shutdown, case tags, keep volumes, snapshots, memory over SSM",
            Parameters =
            {
                new KernelDirectiveParameter("--id", "The instance id (i-…)") { Required = true, AllowImplicitName = true },
                new KernelDirectiveParameter("--memory-to", "S3 URI for the memory image (empty: no memory capture)"),
                new KernelDirectiveParameter("--memory-tool", "avml (default) or lime"),
                new KernelDirectiveParameter("--memory-tool-path", "Where the tool is on the instance"),
                new KernelDirectiveParameter("--no-wait", "Do not wait for the snapshots to complete") { Flag = true },
                new KernelDirectiveParameter("--step", $"Only these steps (comma-separated): {string.Join(", ", InstanceAcquisitionOptions.AllSteps)}"),
            },
        };
        AddAccount(acquireInstance);
        acquire.Subcommands.Add(acquireInstance);
        kernel.AddDirective<AcquireInstance>(acquireInstance, CaseVerb.Handler<AcquireInstance>(current, "acquire instance",
            c => JournalOptions.Of(("--id", c.Id), ("--snapshot", c.Snapshot), ("--region", c.Region), ("--profile", c.Profile), ("--endpoint-url", c.EndpointUrl),
                ("--memory-to", c.MemoryTo), ("--memory-tool", c.MemoryTool), ("--no-wait", c.NoWait ? "true" : null), ("--step", c.Step), ("--execute", c.Execute ? "true" : null)),
            (c, session, progress) =>
            {
                var (source, live) = Open(session, c.Snapshot, c.Region, c.Profile, c.EndpointUrl);
                var options = new InstanceAcquisitionOptions(session.Name, session.Analyst, string.IsNullOrEmpty(c.MemoryTo) ? null : c.MemoryTo,
                    string.IsNullOrEmpty(c.MemoryTool) ? "avml" : c.MemoryTool, string.IsNullOrEmpty(c.MemoryToolPath) ? null : c.MemoryToolPath, !c.NoWait,
                    session.CaseFolderPath(Path.Combine("acquired", "aws")),
                    Steps: (c.Step ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                return InstanceAcquisition.RunAsync(source, live, live, c.Id!, options, session.Now, c.Execute, progress).GetAwaiter().GetResult();
            },
            ContainmentDirectives.Journal));
    }

    private static (IInstanceSource Source, LiveAccount? Live) Open(CaseSession session, string? snapshot, string? region, string? profile, string? endpoint)
    {
        if (!string.IsNullOrWhiteSpace(snapshot))
        {
            return (new AccountSnapshot(session.Evidence, EksIr.Verbs.CaseEvidence.Relative(session, snapshot), snapshot), null);
        }

        var live = LiveAccount.Connect(AwsParameters.Connection(region, profile, endpoint));
        return (live, live);
    }

    private static DateTimeOffset Time(string value) =>
        TimeOption.Parse(value) ?? throw new AwsActionException(TimeOption.NotATime("--revoke-before", value));

    private static void AddAccount(KernelActionDirective directive)
    {
        directive.Parameters.Add(new KernelDirectiveParameter("--snapshot", "A folder of aws … --output json answers in the case evidence (plans only; empty: live)"));
        AwsParameters.Add(directive);
        directive.Parameters.Add(new KernelDirectiveParameter("--execute", "Act on the live account (default: dry run)") { Flag = true });
    }
}
