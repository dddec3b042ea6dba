using System.Text.Json;
using EksIr.Cloud.Identification;
using EksIr.Core.Reporting;

namespace EksIr.Cloud.Aws;

/// <summary>The snapshot folder's side of <c>acquire volumes</c> (a dry run): the case's snapshots from
/// <c>describe-snapshots</c> and its volumes from <c>describe-volumes</c>, by their <c>eksir:case</c> tag.</summary>
public sealed partial class AccountSnapshot : IVolumeSource
{
    private readonly List<JsonElement> _volumes = [];

    public Task<IReadOnlyList<SnapshotState>> CaseSnapshotsAsync(string caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SnapshotState>>(_snapshots.Where(s => s.CaseId == caseId && s.State.State != "error").Select(s => s.State).ToList());

    public Task<IReadOnlyList<SnapshotState>> SnapshotStatesAsync(IReadOnlyList<string> snapshotIds, CancellationToken cancellationToken = default)
    {
        var found = new List<SnapshotState>();
        foreach (var id in snapshotIds)
        {
            found.Add(_snapshots.Select(s => s.State).FirstOrDefault(s => s.SnapshotId == id)
                      ?? throw new AwsActionException($"{Description}: no snapshot {id} (the folder's describe-snapshots has {Counted.Of(_snapshots.Count, "snapshot")})"));
        }

        return Task.FromResult<IReadOnlyList<SnapshotState>>(found);
    }

    public Task<IReadOnlyList<CaseVolume>> CaseVolumesAsync(string caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CaseVolume>>(_volumes.Select(Volume).Where(v => v.Tags.GetValueOrDefault(InstanceAcquisition.CaseTag) == caseId).ToList());

    private static CaseVolume Volume(JsonElement v) => new(
        Json.Text(v, "VolumeId") ?? "",
        Json.Text(v, "State") ?? "unknown",
        Json.Text(v, "AvailabilityZone"),
        Json.Text(v, "SnapshotId") is { Length: > 0 } snapshot ? snapshot : null,
        Json.Array(v, "Tags").Where(t => Json.Text(t, "Key") is not null).GroupBy(t => Json.Text(t, "Key")!).ToDictionary(g => g.Key, g => Json.Text(g.First(), "Value") ?? ""),
        Json.Array(v, "Attachments").Select(a => new VolumeAttachment(Json.Text(a, "InstanceId") ?? "", Json.Text(a, "Device") ?? "", Json.Text(a, "State") ?? "unknown")).ToList());
}
