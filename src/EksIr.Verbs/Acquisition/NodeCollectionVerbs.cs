using EksIr.Cloud.Aws;
using EksIr.Core.Cases;
using EksIr.Core.Plans;
using EksIr.Verbs.Containment;

namespace EksIr.Verbs.Acquisition;

/// <summary>
/// <c>acquire node</c>: the node's container state collected into the archive the disk verbs read, streamed to S3 with
/// its SHA-256 — through SSM on the live node, or on an analysis instance over the node's mounted volume (--root), or by
/// hand (--print-script, --script-out). A dry run unless --execute.
/// </summary>
public static class NodeCollectionVerbs
{
    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<SourceAnswer<ActionPlan>>(
            "acquire node",
            "Collect a node's container state into the archive the disk verbs read (node/<node>.tar.gz): GNU tar in pax format with " +
            "xattrs and ACLs, numeric owners, one file system per path, of containerd's and Docker's state, the running tasks' bundles, " +
            "kubelet's pods, config and kubeconfig, /etc/kubernetes, the runtimes' configuration and the pod logs (var/log/pods, " +
            "var/log/containers) — gzipped and streamed straight to S3 with its SHA-256 and size (sidecars .sha256 and .collection.txt), " +
            "never written to the instance's disks. Run on the live node (--root /) or on an analysis instance over the node's volume " +
            "mounted read-only (--root /mnt/<case>/<volume>). A dry run shows the script; --execute sends it through SSM to --id (the case's instance unless named) and " +
            "records the archive's URI and SHA-256 in OUT/<node>-collection.json; --print-script prints the script alone, --script-out writes it.",
            [
                new VerbOption("--id", "the instance the script runs on through SSM (the node, or the analysis instance with the node's volume mounted)", Placeholder: "ID")
                {
                    FromCase = CaseEntityKind.Instance,
                },
                new VerbOption("--to", "S3 URI of the archive, ending in <node>.tar.gz, like s3://bucket/case-1/node/ip-10-0-1-2.ec2.internal.tar.gz", Required: true),
                new VerbOption("--root", "the node's root on that instance: / on the live node, the mount point of its volume on an analysis instance", Default: "/"),
                new VerbOption("--case", "case id named in the SSM command and the manifest (default: the open case's name)"),
                new VerbOption("--out", "folder for the collection manifest (in the case folder unless absolute; never inside the evidence)", Default: "acquired/aws"),
                new VerbOption("--script-out", "also write the script to this file, to run by hand as root (in the case folder unless absolute)"),
                VerbOption.Flag("--print-script", "print the script alone (on a command line, nothing else), to run by hand as root"),
                .. AwsOptions.All,
                ContainmentVerbs.ExecuteOnAccount,
            ],
            CollectAsync,
            r => PlanViews.Journal(r.Answer) + string.Concat(r.Answer.Actions.Where(a => a.Action == Collect && a.Outcome == "done").Select(a => $" | archive: {a.Detail}")),
            r => r.Problems,
            (r, call) => call.Arguments.Flag("--print-script") ? Script(call) : PlanViews.Text(r.Answer),
            r => r.Answer, PlanViews.JsonHelp,
            failed: r => r.Answer.Failed,
            writesOutput: (arguments, json) => arguments.Flag("--print-script") && !json),
    ];

    private const string Collect = "collect node";

    private static async Task<SourceAnswer<ActionPlan>> CollectAsync(VerbCall call)
    {
        var execute = call.Arguments.Flag("--execute");
        var script = Script(call); // a bad --to or --root is refused before anything is written or sent
        if (call.Arguments.Flag("--print-script") && call.Output is { } output)
        {
            await output.Text.WriteAsync(script);
        }

        var written = call.Arguments.Value("--script-out") is { } file ? VerbExports.Write(call, file, script) : null;
        var options = new NodeCollectionOptions(call.Arguments.Required("--to"), call.Arguments.Required("--root"), call.Arguments.Value("--case") ?? call.Case?.Name,
            VerbExports.Folder(call, call.Arguments.Required("--out")), Clock: call.Clock);
        var live = execute ? LiveAccount.Connect(AwsOptions.Connection(call.Arguments)) : null;
        var plan = await NodeCollection.RunAsync(live, call.Arguments.Value("--id"), options, call.Case?.Now ?? call.Clock.GetUtcNow(), execute, call.Progress, call.Cancellation);
        return new SourceAnswer<ActionPlan>(written is null ? plan : plan with
        {
            Actions = [new PlannedAction("write script", written, !execute, $"the collection script, to run by hand as root: sh {written}", "—", "none needed (a copy of the script)", "done"), .. plan.Actions],
        }, []);
    }

    private static string Script(VerbCall call) => NodeCollectionScript.Script(call.Arguments.Required("--to"), call.Arguments.Required("--root"));
}
