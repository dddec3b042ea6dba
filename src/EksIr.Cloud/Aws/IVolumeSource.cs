namespace EksIr.Cloud.Aws;

/// <summary>
/// What <c>acquire volumes</c> reads of an account: the case's snapshots (tag <c>eksir:case</c>, or named by id) and the
/// volumes already made from them for the case. The live account answers, or a snapshot folder of AWS CLI answers for a
/// dry run.
/// </summary>
public interface IVolumeSource
{
    /// <summary>The account's own snapshots tagged <c>eksir:case</c> = the case (none in state error).</summary>
    Task<IReadOnlyList<SnapshotState>> CaseSnapshotsAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>These snapshots, as they stand; an <see cref="AwsActionException"/> when one does not exist.</summary>
    Task<IReadOnlyList<SnapshotState>> SnapshotStatesAsync(IReadOnlyList<string> snapshotIds, CancellationToken cancellationToken = default);

    /// <summary>The volumes tagged <c>eksir:case</c> = the case, whatever their state.</summary>
    Task<IReadOnlyList<CaseVolume>> CaseVolumesAsync(string caseId, CancellationToken cancellationToken = default);
}

/// <summary>An EBS volume: its state (creating, available, in-use, deleting, deleted, error), zone, the snapshot it was
/// made from, its tags and where it is attached.</summary>
public sealed record CaseVolume(string VolumeId, string State, string? Zone, string? SnapshotId, IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<VolumeAttachment> Attachments)
{
    /// <summary>Its attachment to this instance (attaching, attached, detaching), or null.</summary>
    public VolumeAttachment? AttachedTo(string instanceId) => Attachments.FirstOrDefault(a => a.InstanceId == instanceId && a.State is "attaching" or "attached");
}

/// <summary>A volume's attachment: the instance, the device name it was given, its state.</summary>
public sealed record VolumeAttachment(string InstanceId, string Device, string State);
