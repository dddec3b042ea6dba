using EksIr.Cloud.Plans;
using EksIr.Cloud.Volumes;
using EksIr.Core.Plans;
using EksIr.Core.Reporting;

namespace EksIr.Cloud.Aws;

/// <summary>
/// The <c>acquire volumes</c> plan, from the case's snapshots to read-only mounts on an analysis instance: a volume from
/// each snapshot in the analysis instance's zone, tagged with the case, the snapshot and volume it comes from and the
/// analyst, waited for until available; each attached to the analysis instance at a free device name (/dev/sdf–/dev/sdp)
/// and waited for until attached; then its block devices read over SSM (lsblk, blkid: read-only) and, for each volume,
/// the exact lines that mount its filesystems read-only without replaying their journals. Dry run unless execute;
/// idempotent (a re-run finds the case's volumes by tag and their attachments); each step says how to undo it.
/// </summary>
public static class VolumeAcquisition
{
    public static async Task<ActionPlan> RunAsync(IInstanceSource instances, IVolumeSource source, IVolumeWriter? writer, IRunCommand? ssm,
        VolumeAcquisitionOptions options, bool execute, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var w = !execute ? null
            : writer ?? throw new AwsActionException($"{instances.Description}: a snapshot cannot be changed; --execute acts on the live account (leave out --snapshot)");
        var analysisId = options.AnalysisInstanceId;
        var analysis = await instances.InstanceAsync(analysisId, cancellationToken).ConfigureAwait(false);
        var zone = analysis.Zone ?? throw new AwsActionException($"{instances.Description}: the availability zone of {analysisId} is not known");
        var snapshots = options.SnapshotIds is { Count: > 0 } ids
            ? await source.SnapshotStatesAsync(ids, cancellationToken).ConfigureAwait(false)
            : await source.CaseSnapshotsAsync(options.CaseId, cancellationToken).ConfigureAwait(false);
        if (snapshots.Count == 0)
        {
            throw new AwsActionException($"{instances.Description}: no snapshots tagged {InstanceAcquisition.CaseTag}={options.CaseId} " +
                                         "(take them with acquire instance, or name them with --snapshot-id)");
        }

        var existing = await source.CaseVolumesAsync(options.CaseId, cancellationToken).ConfigureAwait(false);
        var steps = new PlanSteps(execute);
        if (w is not null)
        {
            steps.Note("act as", "AWS caller", await w.CallerAsync(cancellationToken).ConfigureAwait(false));
        }

        steps.Note("analysis instance", analysisId, $"{analysis.State} in {zone}; devices in use: " +
            (analysis.Volumes.Count == 0 ? "none" : string.Join(", ", analysis.Volumes.Select(v => $"{v.DeviceName} {v.VolumeId}"))));
        steps.Note("case snapshots", options.CaseId, string.Join("\n", snapshots.Select(s => $"{s.SnapshotId} of {s.VolumeId} ({s.State} {s.Percent}%)")));

        var volumes = new List<(SnapshotState Snapshot, CaseVolume? Volume)>();
        foreach (var snapshot in snapshots)
        {
            volumes.Add((snapshot, await CreateAsync(w, snapshot, existing, zone, options, steps, progress, cancellationToken).ConfigureAwait(false)));
        }

        var inUse = analysis.Volumes.Select(v => v.DeviceName).ToList();
        var attached = new List<AttachedVolume>();
        foreach (var (snapshot, volume) in volumes)
        {
            if (await AttachAsync(w, snapshot, volume, analysisId, inUse, options, steps, progress, cancellationToken).ConfigureAwait(false) is { } attachment)
            {
                attached.Add(attachment);
            }
        }

        var mounts = await FindDevicesAsync(ssm, analysisId, attached, options, steps, progress, cancellationToken).ConfigureAwait(false);
        foreach (var m in mounts)
        {
            steps.Note("mount read-only", $"{m.VolumeId} ({m.Disk ?? "no block device found"})",
                string.Join("\n", m.Lines.Concat(m.Problems.Select(p => $"# problem: {p.File}: {p.Problem}"))),
                m.Problems.Count == 0 ? "done" : $"done, {Counted.Of(m.Problems.Count, "problem")}");
        }

        return steps.Plan($"volumes of case {options.CaseId} on {analysisId}");
    }

    private static async Task<CaseVolume?> CreateAsync(IVolumeWriter? w, SnapshotState snapshot, IReadOnlyList<CaseVolume> existing, string zone,
        VolumeAcquisitionOptions options, PlanSteps steps, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var usable = existing.Where(v => v.Tags.GetValueOrDefault(VolumeAcquisitionOptions.SourceSnapshotTag) == snapshot.SnapshotId
                                         && v.State is not ("deleting" or "deleted" or "error")).ToList();
        var made = usable.FirstOrDefault(v => v.Zone == zone);
        var elsewhere = usable.FirstOrDefault(v => v.Zone != zone);
        var tags = new Dictionary<string, string>
        {
            [InstanceAcquisition.CaseTag] = options.CaseId,
            [VolumeAcquisitionOptions.SourceSnapshotTag] = snapshot.SnapshotId,
            [VolumeAcquisitionOptions.SourceVolumeTag] = snapshot.VolumeId,
            [InstanceAcquisition.AnalystTag] = options.Analyst,
        };
        var volume = made;
        await steps.CreatingStepAsync("create volume", $"{snapshot.SnapshotId} (of {snapshot.VolumeId})", made is not null,
            made is not null ? $"{made.VolumeId} in {made.Zone} ({made.State})"
                : $"CreateVolume from {snapshot.SnapshotId} in {zone} (gp3), tagged {string.Join(", ", tags.Select(t => $"{t.Key}={t.Value}"))}, then wait until available",
            made is not null ? "a volume of this case from this snapshot exists"
                : $"snapshot {snapshot.State} {snapshot.Percent}%; no volume of this case from it in {zone}" + (elsewhere is null ? "" : $" ({elsewhere.VolumeId} is in {elsewhere.Zone})"),
            made is not null ? $"aws ec2 delete-volume --volume-id {made.VolumeId}" : $"aws ec2 delete-volume --volume-id <the volume made from {snapshot.SnapshotId}>",
            async () =>
            {
                if (snapshot.State != "completed")
                {
                    throw new AwsActionException($"snapshot {snapshot.SnapshotId} is {snapshot.State} ({snapshot.Percent}%): a volume is made from a completed snapshot " +
                                                 $"(aws ec2 wait snapshot-completed --snapshot-ids {snapshot.SnapshotId})");
                }

                var created = await w!.CreateVolumeAsync(snapshot.SnapshotId, zone, tags, cancellationToken).ConfigureAwait(false);
                volume = (await WaitAsync(w, created.VolumeId, v => v.State == "available", "available", options, progress, cancellationToken).ConfigureAwait(false));
                return ($"{volume.VolumeId} in {zone} from {snapshot.SnapshotId} ({volume.State})", $"aws ec2 delete-volume --volume-id {volume.VolumeId}");
            }).ConfigureAwait(false);
        return volume;
    }

    private static async Task<AttachedVolume?> AttachAsync(IVolumeWriter? w, SnapshotState snapshot, CaseVolume? volume, string analysisId, List<string> inUse,
        VolumeAcquisitionOptions options, PlanSteps steps, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var current = volume?.AttachedTo(analysisId);
        var other = volume?.Attachments.FirstOrDefault(a => a.InstanceId != analysisId && a.State is "attaching" or "attached");
        var device = current?.Device ?? DeviceNames.Free(inUse);
        if (device is not null)
        {
            inUse.Add(device);
        }

        var name = volume?.VolumeId ?? $"<the volume made from {snapshot.SnapshotId}>";
        AttachedVolume? attached = current is null || volume is null ? null : new AttachedVolume(volume.VolumeId, current.Device);
        await steps.CreatingStepAsync("attach volume", $"{name} → {analysisId}", current is not null,
            current is not null ? $"at {current.Device} ({current.State})" : $"AttachVolume at {device ?? "no free device name"} on {analysisId}, then wait until attached",
            volume is null ? "not made yet" : other is not null ? $"{volume.State}, attached to {other.InstanceId} at {other.Device}" : $"{volume.State}, not attached",
            $"aws ec2 detach-volume --volume-id {name}",
            async () =>
            {
                if (volume is null)
                {
                    throw new AwsActionException($"no volume made from {snapshot.SnapshotId}");
                }

                if (other is not null)
                {
                    throw new AwsActionException($"{volume.VolumeId} is attached to {other.InstanceId} at {other.Device}: detach it there first (aws ec2 detach-volume --volume-id {volume.VolumeId})");
                }

                if (device is null)
                {
                    throw new AwsActionException($"no free device name on {analysisId}: {string.Join(", ", DeviceNames.Recommended)} are all in use");
                }

                if (volume.State != "available")
                {
                    await WaitAsync(w!, volume.VolumeId, v => v.State == "available", "available", options, progress, cancellationToken).ConfigureAwait(false);
                }

                await w!.AttachVolumeAsync(volume.VolumeId, analysisId, device, cancellationToken).ConfigureAwait(false);
                await WaitAsync(w, volume.VolumeId, v => v.AttachedTo(analysisId)?.State == "attached", $"attached to {analysisId}", options, progress, cancellationToken)
                    .ConfigureAwait(false);
                attached = new AttachedVolume(volume.VolumeId, device);
                return ($"{volume.VolumeId} at {device} on {analysisId} (attached)", null);
            }).ConfigureAwait(false);
        return attached;
    }

    private static async Task<IReadOnlyList<VolumeMounts>> FindDevicesAsync(IRunCommand? ssm, string analysisId, IReadOnlyList<AttachedVolume> attached,
        VolumeAcquisitionOptions options, PlanSteps steps, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        IReadOnlyList<VolumeMounts> mounts = [];
        await steps.StepAsync("find block devices", analysisId, false,
            $"SSM Run Command AWS-RunShellScript on {analysisId} (reads only):\n{string.Join("\n", BlockDeviceScript.Lines)}\nthen the mount lines: {ReadOnlyMounts.Rule}",
            "—",
            "none needed (read-only)",
            async () =>
            {
                var runner = ssm ?? throw new AwsActionException("finding the block devices needs SSM on the live account");
                var id = await runner.SendShellScriptAsync(analysisId, BlockDeviceScript.Lines, $"EKS IR case {options.CaseId} block devices", 300, cancellationToken)
                    .ConfigureAwait(false);
                var result = await RunCommandWait.UntilFinishedAsync(runner, id, analysisId, options.Interval, options.Deadline, options.Time,
                    (r, _) => $"block devices {id}: {r.Status}", progress, cancellationToken).ConfigureAwait(false);

                if (result.Status != "Success")
                {
                    throw new AwsActionException($"SSM command {id} on {analysisId}: {result.Status}{(result.ExitCode is { } code ? $", exit code {code}" : "")}" +
                                                 $"{(result.StatusDetails is { } d ? $" ({d})" : "")}: {(result.Errors.Length > 0 ? result.Errors : result.Output).Trim()}");
                }

                var listing = BlockDeviceScript.Read(result.Output, analysisId);
                mounts = ReadOnlyMounts.For(options.CaseId, attached, listing, options.MountBase);
                return $"SSM command {id}: " + string.Join(", ", mounts.Select(m => $"{m.VolumeId} at {m.Device} is {m.Disk ?? "not found"}"));
            }).ConfigureAwait(false);
        return mounts;
    }

    private static async Task<CaseVolume> WaitAsync(IVolumeWriter w, string volumeId, Func<CaseVolume, bool> ready, string goal, VolumeAcquisitionOptions options,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var deadline = options.Time.GetUtcNow() + options.Deadline;
        while (true)
        {
            var volume = (await w.VolumesAsync([volumeId], cancellationToken).ConfigureAwait(false)).FirstOrDefault()
                         ?? throw new AwsActionException($"volume {volumeId} is not there any more");
            var attachment = volume.Attachments.FirstOrDefault();
            progress?.Report($"volume {volumeId}: {volume.State}{(attachment is null ? "" : $", {attachment.State} to {attachment.InstanceId} at {attachment.Device}")}");
            if (volume.State == "error")
            {
                throw new AwsActionException($"volume {volumeId} is in state error");
            }

            if (ready(volume))
            {
                return volume;
            }

            if (options.Time.GetUtcNow() > deadline)
            {
                throw new AwsActionException($"volume {volumeId} not {goal} after {options.Deadline} (it is {volume.State}; check with aws ec2 describe-volumes --volume-ids {volumeId})");
            }

            await Task.Delay(options.Interval, options.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
