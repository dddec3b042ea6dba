using EksIr.Cli.CommandLine;
using EksIr.Core.Aws;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Cli.Verbs;

/// <summary>The account an AWS verb asks: a snapshot folder of AWS CLI JSON (--snapshot) or the live account.</summary>
internal static class AccountOptions
{
    public static readonly Dictionary<string, string> Values = new()
    {
        ["--snapshot"] = "a folder of aws … --output json answers instead of the live account (dry runs only)",
        ["--region"] = "AWS region (default: AWS_REGION or the profile's)",
        ["--profile"] = "AWS profile (default: AWS_PROFILE or the default chain)",
        ["--endpoint-url"] = "send every AWS call of this verb to this URL (private endpoints, tests)",
    };

    public static (IInstanceSource Source, LiveAccount? Live) Open(ParsedArgs args, CliConsole console)
    {
        if (args.Value("--snapshot") is { } snapshot)
        {
            var (root, path) = EvidenceFile.Locate(snapshot);
            var account = new AccountSnapshot(root, path, snapshot);
            console.ReportProblems(account.Problems);
            return (account, null);
        }

        var live = LiveAccount.Connect(new AwsConnection(args.Value("--region"), args.Value("--profile"), args.Value("--endpoint-url")));
        return (live, live);
    }
}

/// <summary><c>eksir contain instance ID [--snapshot DIR | --region R --profile P] [--execute] [--json]</c></summary>
public sealed class ContainInstanceVerb(TimeProvider clock) : IVerb
{
    public VerbSpec Spec { get; } = new(
        "contain instance",
        "contain instance ID [--snapshot DIR | --region R --profile P --endpoint-url URL] [--isolation-group NAME] [--revoke-before ISO] [--keep-instance-profile] [--execute] [--json]",
        "Isolate an EC2 instance: a security group with no rules (created if missing) on every ENI, the old groups recorded;\n" +
        "the instance role's sessions issued before a time denied everything (the aws:TokenIssueTime policy the IAM console\n" +
        "puts on the role); the instance profile detached. A dry run unless --execute; each step says the state before it\n" +
        "and the AWS CLI line that undoes it; steps already in place are not repeated.",
        ["ID"],
        new Dictionary<string, string>(AccountOptions.Values)
        {
            ["--isolation-group"] = $"name of the isolation security group (default: {InstanceContainmentOptions.DefaultIsolationGroup})",
            ["--revoke-before"] = "deny the role's sessions issued before this UTC time (default: now)",
        },
        new Dictionary<string, string>
        {
            ["--keep-instance-profile"] = "leave the instance profile attached",
            ["--execute"] = "act on the live account",
            ["--json"] = "print the plan/result (actions[{action, target, dryRun, detail, before, rollback, outcome}])",
        });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (source, live) = AccountOptions.Open(args, console);
        var options = new InstanceContainmentOptions(args.Value("--isolation-group") ?? InstanceContainmentOptions.DefaultIsolationGroup,
            args.Value("--revoke-before") is { } before ? Time(before) : null, args.Flag("--keep-instance-profile"));
        var result = await InstanceContainment.RunAsync(source, live, args.Positional(0), options, clock.GetUtcNow(), args.Flag("--execute"), cancellationToken);
        ContainmentOutput.Write(result, args, console);
        return result.Failed ? 1 : 0;
    }

    private static DateTimeOffset Time(string value) =>
        TimeOption.Parse(value) ?? throw new CliException(TimeOption.NotATime("--revoke-before", value), usage: true);
}

/// <summary><c>eksir acquire instance ID --case C --out DIR [--memory-to S3URI] [--execute] [--json]</c></summary>
public sealed class AcquireInstanceVerb(TimeProvider clock) : IVerb
{
    public VerbSpec Spec { get; } = new(
        "acquire instance",
        "acquire instance ID --case C --out DIR [--step S]… [--analyst A] [--memory-to S3URI [--memory-tool avml|lime] [--memory-tool-path P]] [--no-wait] [--snapshot DIR | --region R --profile P --endpoint-url URL] [--execute] [--json]",
        "Preserve an EC2 instance as evidence, the seed's steps in order: termination protection on; shutdown behaviour stop;\n" +
        "tag it with the case; list its volumes; DeleteOnTermination off on each; snapshot all volumes at one point in time\n" +
        "(CreateSnapshots) and wait with progress; with --memory-to, capture memory over SSM (AVML or LiME) to S3 with its\n" +
        "SHA-256. Snapshot ids and the image's hash go to DIR/<instance>-acquisition.json. A dry run unless --execute.",
        ["ID"],
        new Dictionary<string, string>(AccountOptions.Values)
        {
            ["--case"] = "case id the instance and its snapshots are tagged with",
            ["--analyst"] = "who acquires (default: the login name)",
            ["--out"] = "folder for the acquisition manifest (outside the evidence)",
            ["--memory-to"] = "S3 URI for the memory image, like s3://bucket/case-1/i-0123.lime",
            ["--memory-tool"] = "avml (default) or lime",
            ["--memory-tool-path"] = "where the tool is on the instance (default: avml on PATH, /opt/lime/lime.ko)",
            ["--step"] = $"only this step (repeatable): {string.Join(", ", InstanceAcquisitionOptions.AllSteps)}",
        },
        new Dictionary<string, string>
        {
            ["--no-wait"] = "do not wait for the snapshots to complete",
            ["--execute"] = "act on the live account",
            ["--json"] = "print the plan/result (actions[{action, target, dryRun, detail, before, rollback, outcome}])",
        },
        Repeatable: new HashSet<string> { "--step" },
        Required: new HashSet<string> { "--case", "--out" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (source, live) = AccountOptions.Open(args, console);
        var options = new InstanceAcquisitionOptions(args.Value("--case")!, args.Value("--analyst") ?? Environment.UserName, args.Value("--memory-to"),
            args.Value("--memory-tool") ?? "avml", args.Value("--memory-tool-path"), !args.Flag("--no-wait"), Path.GetFullPath(args.Value("--out")!), Steps: args.All("--step"));
        var progress = new SynchronousProgress<string>(line => console.Error.WriteLine(line));
        var result = await InstanceAcquisition.RunAsync(source, live, live, args.Positional(0), options, clock.GetUtcNow(), args.Flag("--execute"), progress, cancellationToken);
        ContainmentOutput.Write(result, args, console);
        return result.Failed ? 1 : 0;
    }
}
