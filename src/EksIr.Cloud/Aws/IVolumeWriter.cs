namespace EksIr.Cloud.Aws;

/// <summary>The changes <c>acquire volumes</c> makes (live only): volumes from snapshots, attached to the analysis instance.</summary>
public interface IVolumeWriter
{
    /// <summary>Who is acting: the caller's account and ARN (STS GetCallerIdentity), for the journal.</summary>
    Task<string> CallerAsync(CancellationToken cancellationToken = default);

    /// <summary>CreateVolume from the snapshot in the zone, tagged at creation; returns the new volume (state creating).</summary>
    Task<CaseVolume> CreateVolumeAsync(string snapshotId, string zone, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    /// <summary>AttachVolume at the device name (<c>/dev/sdf</c>).</summary>
    Task AttachVolumeAsync(string volumeId, string instanceId, string device, CancellationToken cancellationToken = default);

    /// <summary>These volumes as they stand (DescribeVolumes by id).</summary>
    Task<IReadOnlyList<CaseVolume>> VolumesAsync(IReadOnlyList<string> volumeIds, CancellationToken cancellationToken = default);
}
