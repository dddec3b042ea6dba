using System.Globalization;
using System.Text.Json;
using EksIr.Core.Plans;
using EksIr.Cloud.Plans;
using EksIr.Core.Reporting;

namespace EksIr.Cloud.Aws;

/// <summary>What <c>acquire instance</c> records and captures.</summary>
/// <param name="CaseId">The case the instance is tagged with and its snapshots carry.</param>
/// <param name="MemoryTo">Where SSM uploads the memory image (an S3 URI); null: no memory capture.</param>
/// <param name="MemoryTool">avml (a LiME-format image, no kernel module) or lime (the LiME module).</param>
/// <param name="ManifestFolder">Where the acquisition manifest (snapshot ids, memory image hash) is written with execute.</param>
/// <param name="AutoScaling">How the instance's Auto Scaling group is kept from terminating it (detach unless told).</param>
public sealed record InstanceAcquisitionOptions(
    string CaseId,
    string Analyst,
    string? MemoryTo = null,
    string MemoryTool = "avml",
    string? MemoryToolPath = null,
    bool WaitForSnapshots = true,
    string? ManifestFolder = null,
    TimeSpan? PollInterval = null,
    TimeSpan? Timeout = null,
    IReadOnlyCollection<string>? Steps = null,
    TimeProvider? Clock = null,
    AutoScalingHold AutoScaling = AutoScalingHold.Detach)
{
    /// <summary>The clock the waits and their deadline run on (the system's unless one is given).</summary>
    public TimeProvider Time => Clock ?? TimeProvider.System;

    /// <summary>The seed's steps, each runnable alone (<c>--step</c>), in the order the whole plan does them.</summary>
    public static readonly IReadOnlyList<string> AllSteps = ["termination-protection", "auto-scaling", "shutdown-behaviour", "tag", "volumes", "keep-volumes", "memory", "snapshots"];

    public bool Wants(string step) => Steps is null || Steps.Count == 0 || Steps.Contains(step);
}

/// <summary>
/// The <c>acquire instance</c> plan, in order: termination protection on; the instance out of its Auto Scaling group's
/// reach (detached, or protected from scale in); shutdown behaviour stop; tag the instance with the case; list its
/// volumes; DeleteOnTermination off on each; memory captured over SSM and streamed to S3 with its SHA-256 — before the
/// snapshots, as the most volatile evidence goes first; crash-consistent snapshots of all volumes at once
/// (CreateSnapshots), waited for with progress. Dry run unless execute; idempotent (a re-run finds the case's snapshots
/// and tags); every id lands in an acquisition manifest in the case folder.
/// </summary>
public static class InstanceAcquisition
{
    public const string CaseTag = "eksir:case";
    public const string AnalystTag = "eksir:analyst";
    public const string AcquiredTag = "eksir:acquired-at";

    public static async Task<ActionPlan> RunAsync(IInstanceSource source, IInstanceWriter? writer, IRunCommand? ssm, string instanceId,
        InstanceAcquisitionOptions options, DateTimeOffset now, bool execute, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Steps?.FirstOrDefault(step => !InstanceAcquisitionOptions.AllSteps.Contains(step)) is { } unknown)
        {
            throw new AwsActionException($"--step {unknown}: not a step; the steps are {string.Join(", ", InstanceAcquisitionOptions.AllSteps)}");
        }

        if (options.MemoryTo is { } to)
        {
            MemoryCaptureScript.S3Uri(to); // refuse a bad destination before anything is changed
        }

        var w = !execute ? null
            : writer ?? throw new AwsActionException($"{source.Description}: a snapshot cannot be changed; --execute acts on the live account (leave out --snapshot)");
        var instance = await source.InstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var attributes = await source.AttributesAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var steps = new PlanSteps(execute);
        if (w is not null)
        {
            steps.Note("act as", "AWS caller", await w.CallerAsync(cancellationToken).ConfigureAwait(false));
        }

        if (options.Wants("termination-protection"))
        {
            await steps.StepAsync("termination protection", instanceId, attributes.TerminationProtection == true,
                "DisableApiTermination = true: the instance cannot be terminated by API or console until this is undone",
                $"DisableApiTermination: {Known(attributes.TerminationProtection)}",
                $"aws ec2 modify-instance-attribute --instance-id {instanceId} --no-disable-api-termination",
                () => w!.SetTerminationProtectionAsync(instanceId, true, cancellationToken)).ConfigureAwait(false);
        }

        if (options.Wants("auto-scaling"))
        {
            await AutoScalingStep.PlanAsync(source, w, instance, options.AutoScaling, steps, cancellationToken).ConfigureAwait(false);
        }

        if (options.Wants("shutdown-behaviour"))
        {
            await steps.StepAsync("shutdown behaviour", instanceId, attributes.ShutdownBehavior == "stop",
                "InstanceInitiatedShutdownBehavior = stop: a shutdown from inside the instance stops it, its volumes stay",
                $"InstanceInitiatedShutdownBehavior: {attributes.ShutdownBehavior ?? "not known"}",
                $"aws ec2 modify-instance-attribute --instance-id {instanceId} --instance-initiated-shutdown-behavior {attributes.ShutdownBehavior ?? "terminate"}",
                () => w!.SetShutdownBehaviorAsync(instanceId, "stop", cancellationToken)).ConfigureAwait(false);
        }

        var tags = new Dictionary<string, string>
        {
            [CaseTag] = options.CaseId,
            [AnalystTag] = options.Analyst,
            [AcquiredTag] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        var tagged = instance.Tags.GetValueOrDefault(CaseTag) == options.CaseId;
        if (options.Wants("tag"))
        {
            await steps.StepAsync("tag instance", instanceId, tagged,
                string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}")),
                $"tags: {(instance.Tags.Count == 0 ? "none" : string.Join(", ", instance.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")))}",
                $"aws ec2 delete-tags --resources {instanceId} --tags Key={CaseTag} Key={AnalystTag} Key={AcquiredTag}",
                () => w!.TagAsync(instanceId, tags, cancellationToken)).ConfigureAwait(false);
        }

        if (options.Wants("volumes"))
        {
            steps.Note("list volumes", instanceId, instance.Volumes.Count == 0 ? "no EBS volumes attached"
                : string.Join("\n", instance.Volumes.Select(v => $"{v.DeviceName}  {v.VolumeId}  {(v.SizeGiB is { } s ? $"{s} GiB" : "size not known")}  DeleteOnTermination={v.DeleteOnTermination.ToString().ToLowerInvariant()}")));
        }

        foreach (var volume in options.Wants("keep-volumes") ? instance.Volumes : [])
        {
            await steps.StepAsync("keep volume on termination", $"{volume.VolumeId} ({volume.DeviceName})", !volume.DeleteOnTermination,
                $"DeleteOnTermination = false for {volume.DeviceName}",
                $"DeleteOnTermination: {volume.DeleteOnTermination.ToString().ToLowerInvariant()}",
                $"aws ec2 modify-instance-attribute --instance-id {instanceId} --block-device-mappings '[{{\"DeviceName\":\"{volume.DeviceName}\",\"Ebs\":{{\"DeleteOnTermination\":true}}}}]'",
                () => w!.KeepVolumeAsync(instanceId, volume.DeviceName, cancellationToken)).ConfigureAwait(false);
        }

        // Memory before disks: it is the most volatile evidence, and the snapshots wait for nothing the memory changes.
        var memory = options.Wants("memory") ? await CaptureMemoryAsync(ssm, instance, options, now, steps, progress, cancellationToken).ConfigureAwait(false) : null;
        var snapshots = options.Wants("snapshots") ? await SnapshotAsync(source, w, instance, options, tags, steps, progress, cancellationToken).ConfigureAwait(false) : [];

        var plan = steps.Plan($"instance {instanceId} acquisition");
        if (execute && options.ManifestFolder is { } folder)
        {
            WriteManifest(folder, instance, options, now, snapshots, memory, plan);
        }

        return plan;
    }

    private static async Task<IReadOnlyList<SnapshotState>> SnapshotAsync(IInstanceSource source, IInstanceWriter? w, InstanceFacts instance,
        InstanceAcquisitionOptions options, IReadOnlyDictionary<string, string> tags, PlanSteps steps, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var volumeIds = instance.Volumes.Select(v => v.VolumeId).ToList();
        var existing = await source.CaseSnapshotsAsync(volumeIds, options.CaseId, cancellationToken).ConfigureAwait(false);
        var taken = volumeIds.Count > 0 && volumeIds.All(v => existing.Any(s => s.VolumeId == v));
        IReadOnlyList<SnapshotState> snapshots = taken ? existing : [];
        await steps.StepAsync("snapshot volumes", $"{instance.InstanceId} ({Counted.Of(volumeIds.Count, "volume")})", taken,
            taken ? Describe(existing)
                : $"CreateSnapshots of every volume at one point in time (crash-consistent), tagged {CaseTag}={options.CaseId}" +
                  (options.WaitForSnapshots ? ", then wait until all complete" : ""),
            taken ? "snapshots of this case exist" : "no snapshots for this case",
            "none: snapshots are evidence (delete with aws ec2 delete-snapshot only when the case is closed)",
            async () =>
            {
                snapshots = await w!.CreateSnapshotsAsync(instance.InstanceId, $"EKS IR case {options.CaseId}: {instance.InstanceId} acquired by {options.Analyst}",
                    tags, cancellationToken).ConfigureAwait(false);
                if (options.WaitForSnapshots)
                {
                    snapshots = await WaitAsync(w, snapshots, options, progress, cancellationToken).ConfigureAwait(false);
                }

                return Describe(snapshots);
            }).ConfigureAwait(false);
        return snapshots;
    }

    private static async Task<IReadOnlyList<SnapshotState>> WaitAsync(IInstanceWriter w, IReadOnlyList<SnapshotState> snapshots, InstanceAcquisitionOptions options,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var deadline = options.Time.GetUtcNow() + (options.Timeout ?? TimeSpan.FromHours(6));
        var ids = snapshots.Select(s => s.SnapshotId).ToList();
        while (true)
        {
            progress?.Report("snapshots: " + string.Join(", ", snapshots.Select(s => $"{s.SnapshotId} {s.State} {s.Percent}%")));
            if (snapshots.FirstOrDefault(s => s.State == "error") is { } failed)
            {
                throw new AwsActionException($"snapshot {failed.SnapshotId} of {failed.VolumeId} failed (state error); the others: {Describe(snapshots)}");
            }

            if (snapshots.Count == ids.Count && snapshots.All(s => s.State == "completed"))
            {
                return snapshots;
            }

            if (options.Time.GetUtcNow() > deadline)
            {
                throw new AwsActionException($"snapshots not complete after {options.Timeout ?? TimeSpan.FromHours(6)}: {Describe(snapshots)} (they go on; check with aws ec2 describe-snapshots)");
            }

            await Task.Delay(options.PollInterval ?? TimeSpan.FromSeconds(15), options.Time, cancellationToken).ConfigureAwait(false);
            snapshots = await w.SnapshotStatesAsync(ids, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<CommandResult?> CaptureMemoryAsync(IRunCommand? ssm, InstanceFacts instance, InstanceAcquisitionOptions options, DateTimeOffset now,
        PlanSteps steps, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (options.MemoryTo is not { } to)
        {
            steps.Note("capture memory", instance.InstanceId, "no --memory-to S3 URI given: memory is not captured", "skipped");
            return null;
        }

        var lines = MemoryCaptureScript.Lines(options.MemoryTool, options.MemoryToolPath, to);
        CommandResult? result = null;
        await steps.StepAsync("capture memory", $"{instance.InstanceId} → {to}", false,
            $"SSM Run Command AWS-RunShellScript ({options.MemoryTool}); the image is streamed to S3 and never written to the instance's disks; " +
            $"a re-run captures a new image. Script:\n{string.Join("\n", lines)}",
            "not captured",
            "none needed (the image is evidence; nothing of it is left on the instance)",
            async () =>
            {
                var runner = ssm ?? throw new AwsActionException("memory capture needs SSM on the live account");
                var timeout = options.Timeout ?? TimeSpan.FromHours(2);
                var id = await runner.SendShellScriptAsync(instance.InstanceId, lines, $"EKS IR case {options.CaseId} memory capture",
                    (int)timeout.TotalSeconds, cancellationToken).ConfigureAwait(false);
                result = await RunCommandWait.UntilFinishedAsync(runner, id, instance.InstanceId, options.PollInterval ?? TimeSpan.FromSeconds(15),
                    RunCommandWait.DeadlineFor(timeout), options.Time, (r, waited) => $"memory capture {id}: {r.Status} ({waited.TotalSeconds:0} s)",
                    progress, cancellationToken).ConfigureAwait(false);

                if (result.Status != "Success" || MemoryCaptureScript.Result(result.Output) is not { } image)
                {
                    throw new AwsActionException($"SSM command {id} on {instance.InstanceId}: {result.Status}" +
                        $"{(result.ExitCode is { } code ? $", exit code {code}" : "")}{(result.StatusDetails is { } d ? $" ({d})" : "")}: {Tail(result.Errors.Length > 0 ? result.Errors : result.Output)}" +
                        (options.Wants("snapshots") ? " (the snapshots come after the memory: take them alone with --step snapshots)" : ""));
                }

                return $"SSM command {id}: {image.Uri}, {image.Bytes} bytes, sha256 {image.Sha256}";
            }).ConfigureAwait(false);
        return result;
    }

    private static void WriteManifest(string folder, InstanceFacts instance, InstanceAcquisitionOptions options, DateTimeOffset now,
        IReadOnlyList<SnapshotState> snapshots, CommandResult? memory, ActionPlan plan)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{instance.InstanceId}-acquisition.json");
        for (var n = 2; File.Exists(path); n++)
        {
            path = Path.Combine(folder, $"{instance.InstanceId}-acquisition.{n}.json"); // never overwrite an earlier record
        }

        var image = memory is null ? null : MemoryCaptureScript.Result(memory.Output);
        var manifest = new
        {
            caseId = options.CaseId,
            analyst = options.Analyst,
            time = now.UtcDateTime,
            instance = new { instance.InstanceId, instance.State, instance.PrivateIp, instance.PublicIp, instance.Zone, instance.InstanceProfileArn },
            volumes = instance.Volumes.Select(v => new
            {
                v.DeviceName,
                v.VolumeId,
                v.SizeGiB,
                snapshot = snapshots.FirstOrDefault(s => s.VolumeId == v.VolumeId) is { } s ? new { s.SnapshotId, s.State, s.Percent, s.StartTime } : null,
            }),
            memory = image is { } m ? new { uri = m.Uri, sha256 = m.Sha256, bytes = m.Bytes, commandId = memory!.CommandId } : null,
            completed = !plan.Failed,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    }

    private static string Describe(IReadOnlyList<SnapshotState> snapshots) =>
        snapshots.Count == 0 ? "no snapshots" : string.Join(", ", snapshots.Select(s => $"{s.VolumeId} → {s.SnapshotId} ({s.State} {s.Percent}%)"));

    private static string Known(bool? value) => value is { } v ? v.ToString().ToLowerInvariant() : "not known";

    private static string Tail(string text) => text.Length > 400 ? "…" + text[^400..].Trim() : text.Trim();
}
