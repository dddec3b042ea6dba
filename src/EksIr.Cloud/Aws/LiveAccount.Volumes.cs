using Amazon.EC2;
using Amazon.EC2.Model;
using Ec2Filter = Amazon.EC2.Model.Filter;
using Ec2Tag = Amazon.EC2.Model.Tag;
using ResourceType = Amazon.EC2.ResourceType;

namespace EksIr.Cloud.Aws;

/// <summary>The live account's side of <c>acquire volumes</c>: the case's snapshots and volumes by tag, CreateVolume, AttachVolume.</summary>
public sealed partial class LiveAccount : IVolumeSource, IVolumeWriter
{
    public async Task<IReadOnlyList<SnapshotState>> CaseSnapshotsAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var response = await Call("DescribeSnapshots", caseId, () => ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest
        {
            OwnerIds = ["self"],
            Filters = [new Ec2Filter($"tag:{InstanceAcquisition.CaseTag}", [caseId])],
        }, cancellationToken)).ConfigureAwait(false);
        return (response.Snapshots ?? []).Where(s => s.State?.Value != "error")
            .Select(s => new SnapshotState(s.SnapshotId, s.VolumeId, s.State?.Value ?? "pending", Percent(s.Progress), s.StartTime)).ToList();
    }

    public async Task<IReadOnlyList<CaseVolume>> CaseVolumesAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var response = await Call("DescribeVolumes", caseId, () => ec2.DescribeVolumesAsync(new DescribeVolumesRequest
        {
            Filters = [new Ec2Filter($"tag:{InstanceAcquisition.CaseTag}", [caseId])],
        }, cancellationToken)).ConfigureAwait(false);
        return (response.Volumes ?? []).Select(Facts).ToList();
    }

    public async Task<IReadOnlyList<CaseVolume>> VolumesAsync(IReadOnlyList<string> volumeIds, CancellationToken cancellationToken = default)
    {
        var response = await Call("DescribeVolumes", string.Join(",", volumeIds), () => ec2.DescribeVolumesAsync(
            new DescribeVolumesRequest { VolumeIds = volumeIds.ToList() }, cancellationToken)).ConfigureAwait(false);
        return (response.Volumes ?? []).Select(Facts).ToList();
    }

    public async Task<CaseVolume> CreateVolumeAsync(string snapshotId, string zone, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        var response = await Call("CreateVolume", snapshotId, () => ec2.CreateVolumeAsync(new CreateVolumeRequest
        {
            SnapshotId = snapshotId,
            AvailabilityZone = zone,
            VolumeType = VolumeType.Gp3,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Volume, Tags = tags.Select(t => new Ec2Tag(t.Key, t.Value)).ToList() }],
        }, cancellationToken)).ConfigureAwait(false);
        return Facts(response.Volume);
    }

    public Task AttachVolumeAsync(string volumeId, string instanceId, string device, CancellationToken cancellationToken = default) =>
        Call("AttachVolume", $"{volumeId} {instanceId} {device}", () => ec2.AttachVolumeAsync(
            new AttachVolumeRequest { VolumeId = volumeId, InstanceId = instanceId, Device = device }, cancellationToken));

    private static CaseVolume Facts(Volume v) => new(
        v.VolumeId,
        v.State?.Value ?? "unknown",
        v.AvailabilityZone,
        string.IsNullOrEmpty(v.SnapshotId) ? null : v.SnapshotId,
        (v.Tags ?? []).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.First().Value),
        (v.Attachments ?? []).Select(a => new VolumeAttachment(a.InstanceId, a.Device, a.State?.Value ?? "unknown")).ToList());
}
