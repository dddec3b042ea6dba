using EksIr.Cloud.Aws;
using EksIr.Cloud.Kubernetes;
using EksIr.Verbs.Aws;
using EksIr.Verbs.Cluster;
using EksIr.Verbs.Containment;

namespace EksIr.Verbs.Acquisition;

/// <summary>
/// The acquisition phase's verbs: preserve an EC2 instance (its volumes, its memory) and fetch a pod's logs from the API
/// server. Each is a plan — a dry run unless --execute — and what it writes goes into the case folder (on a command line
/// without a case, where --out says), never into the evidence.
/// </summary>
public static partial class AcquisitionVerbs
{
    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        ContainmentVerbs.Plan(
            "acquire pod-logs",
            "Fetch every container's log of a pod (with --previous, also the previous instance's) from the API server into " +
            "OUT/<namespace>_<pod>/, each with its SHA-256. A dry run unless --execute (the plan names the files); nothing is overwritten.",
            [
                ClusterVerbs.PodName,
                ClusterVerbs.Namespace,
                VerbOption.Flag("--previous", "also the previous container instances' logs"),
                new VerbOption("--out", "folder for the logs (in the case folder unless absolute; never inside the evidence)", Default: "acquired/pod-logs"),
                .. ClusterSource.Options,
                VerbOption.Flag("--execute", "fetch the logs from the live cluster (without it: a dry run, the plan only)"),
            ],
            call =>
            {
                var folder = VerbExports.Folder(call, call.Arguments.Required("--out"));
                return ClusterSource.AskAsync(call, cluster => PodLogAcquisition.RunAsync(cluster, cluster as IPodLogReader, call.Arguments.Required("--name"),
                    call.Arguments.Required("-n"), call.Arguments.Flag("--previous"), folder, call.Arguments.Flag("--execute"), call.Cancellation));
            },
            PlanViews.FilesJournal),
        ContainmentVerbs.Plan(
            "acquire instance",
            "Preserve an EC2 instance as evidence, in this order: termination protection on; out of its Auto Scaling group's reach " +
            "(termination protection does not stop the group: detached, a replacement launched, or with --auto-scaling protect, " +
            "scale-in protection only); shutdown behaviour stop; tag it with the case; list its volumes; DeleteOnTermination off on " +
            "each; with --memory-to, memory first (the most volatile), captured over SSM (AVML or LiME) and streamed to S3 with its " +
            "SHA-256, never written to the instance's disks; then all volumes snapshotted at one point in time (CreateSnapshots), " +
            "waited for with progress. Snapshot ids and the image's hash go to OUT/<instance>-acquisition.json. A dry run unless --execute.",
            [
                ContainmentVerbs.InstanceId,
                new VerbOption("--case", "case id the instance and its snapshots are tagged with (default: the open case's name)"),
                new VerbOption("--analyst", "who acquires, tagged on the instance (default: the case's analyst, else the login name)"),
                new VerbOption("--out", "folder for the acquisition manifest (in the case folder unless absolute; never inside the evidence)", Default: "acquired/aws"),
                new VerbOption("--memory-to", "S3 URI for the memory image, like s3://bucket/case-1/i-0123.lime (none: no memory capture)"),
                new VerbOption("--memory-tool", "avml or lime", Default: "avml"),
                new VerbOption("--memory-tool-path", "where the tool is on the instance (default: avml on PATH, /opt/lime/lime.ko)"),
                VerbOption.Flag("--no-wait", "do not wait for the snapshots to complete"),
                ContainmentVerbs.AutoScaling,
                VerbOption.List("--step", $"only these steps: {string.Join(", ", InstanceAcquisitionOptions.AllSteps)}"),
                .. AwsAccount.Options,
                ContainmentVerbs.ExecuteOnAccount,
            ],
            AcquireInstanceAsync),
        ContainmentVerbs.Plan(
            "acquire volumes",
            "Turn the case's EBS snapshots (tag eksir:case, or --snapshot-id) into evidence on an analysis instance: a volume " +
            "from each in the analysis instance's zone, tagged with the case, its source snapshot and volume and the analyst, " +
            "waited for until available; each attached at a free device name (/dev/sdf to /dev/sdp) and waited for; then its " +
            "block devices read over SSM (lsblk, blkid) and the exact read-only mount lines for each partition (blockdev " +
            "--setro; XFS ro,nouuid,norecovery; ext4 ro,noload). A dry run unless --execute; each step says how to undo it.",
            [
                new VerbOption("--analysis-instance", "the analysis instance (i-…) the volumes are made in the zone of and attached to", Required: true, ValueName: "ID"),
                new VerbOption("--case", "case id the snapshots are tagged with, and the volumes will be (default: the open case's name)"),
                new VerbOption("--analyst", "who acquires, tagged on the volumes (default: the case's analyst, else the login name)"),
                VerbOption.List("--snapshot-id", "these snapshots (snap-…) instead of those tagged with the case"),
                new VerbOption("--mount-at", "where the mount lines mount each filesystem: DIR/<case>/<volume>/<part>", Default: "/mnt", ValueName: "DIR"),
                .. AwsAccount.Options,
                ContainmentVerbs.ExecuteOnAccount,
            ],
            AcquireVolumesAsync),
    ];

    private static Task<SourceAnswer<Core.Plans.ActionPlan>> AcquireVolumesAsync(VerbCall call)
    {
        var caseId = call.Arguments.Value("--case") ?? call.Case?.Name
            ?? throw new VerbUsageException("acquire volumes: --case is required outside a case (or run it in one, --journal)");
        if (!MountFolder().IsMatch(call.Arguments.Required("--mount-at")))
        {
            throw new VerbUsageException($"acquire volumes: --mount-at {call.Arguments.Required("--mount-at")}: give an absolute folder of letters, digits and . _ - /");
        }

        var options = new VolumeAcquisitionOptions(caseId, call.Arguments.Value("--analyst") ?? call.Case?.Analyst ?? Environment.UserName,
            call.Arguments.Required("--analysis-instance"), call.Arguments.List("--snapshot-id"), call.Arguments.Required("--mount-at"), Clock: call.Clock);
        return AwsAccount.AskAsync(call, (source, live) => VolumeAcquisition.RunAsync(source, (IVolumeSource)source, live, live, options,
            call.Arguments.Flag("--execute"), call.Progress, call.Cancellation));
    }

    private static Task<SourceAnswer<Core.Plans.ActionPlan>> AcquireInstanceAsync(VerbCall call)
    {
        var caseId = call.Arguments.Value("--case") ?? call.Case?.Name
            ?? throw new VerbUsageException("acquire instance: --case is required outside a case (or run it in one, --journal)");
        var options = new InstanceAcquisitionOptions(caseId, call.Arguments.Value("--analyst") ?? call.Case?.Analyst ?? Environment.UserName,
            call.Arguments.Value("--memory-to"), call.Arguments.Required("--memory-tool"), call.Arguments.Value("--memory-tool-path"), !call.Arguments.Flag("--no-wait"),
            VerbExports.Folder(call, call.Arguments.Required("--out")), Steps: call.Arguments.List("--step"), Clock: call.Clock,
            AutoScaling: ContainmentVerbs.Hold(call));
        return AwsAccount.AskAsync(call, (source, live) => InstanceAcquisition.RunAsync(source, live, live, call.Arguments.Required("--id"), options,
            call.Case?.Now ?? call.Clock.GetUtcNow(), call.Arguments.Flag("--execute"), call.Progress, call.Cancellation));
    }

    [System.Text.RegularExpressions.GeneratedRegex("^/[A-Za-z0-9._/-]*$")]
    private static partial System.Text.RegularExpressions.Regex MountFolder();
}
