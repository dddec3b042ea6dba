using System.Text.Json;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;

namespace EksIr.Cloud.Aws;

/// <summary>
/// An account as a folder of AWS CLI <c>--output json</c> answers taken earlier, read through the evidence root:
/// <c>ec2 describe-instances</c>, <c>describe-volumes</c>, <c>describe-instance-attribute</c>,
/// <c>describe-iam-instance-profile-associations</c>, <c>describe-security-groups</c>, <c>iam get-instance-profile</c>,
/// <c>iam get-role-policy</c>, <c>autoscaling describe-auto-scaling-instances</c> (any file names; recognised by their top-level keys). Enough for a dry run; facts the
/// folder lacks are "not known". A file that is not JSON is skipped and said.
/// </summary>
public sealed partial class AccountSnapshot : IInstanceSource
{
    private readonly List<JsonElement> _instances = [];
    private readonly Dictionary<string, int> _volumeSizes = [];
    private readonly Dictionary<string, bool> _termination = [];
    private readonly Dictionary<string, string> _shutdown = [];
    private readonly List<(string InstanceId, ProfileAssociation Association)> _associations = [];
    private readonly List<(string VpcId, SecurityGroupRef Group)> _groups = [];
    private readonly Dictionary<string, List<string>> _profileRoles = [];
    private readonly Dictionary<(string Role, string Policy), string> _rolePolicies = [];
    private readonly List<(string Volume, string? CaseId, SnapshotState State)> _snapshots = [];
    private readonly List<(string InstanceId, AutoScalingMembership Membership)> _autoScaling = [];
    private bool _autoScalingAnswered;

    public AccountSnapshot(EvidenceRoot root, string folder, string? name = null)
    {
        if (!root.DirectoryExists(folder))
        {
            throw new EvidenceAccessException(folder, "no such AWS snapshot folder in the evidence");
        }

        Description = $"AWS snapshot {name ?? folder}";
        foreach (var file in root.Walk(folder, Problems, "the answers in it are not read").Where(e => e.Kind == EvidenceEntryKind.File && e.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            Read(root, file.Path);
        }
    }

    public string Description { get; }

    public List<EvidenceProblem> Problems { get; } = [];

    public Task<InstanceFacts> InstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = _instances.FirstOrDefault(i => Str(i, "InstanceId") == instanceId);
        if (instance.ValueKind != JsonValueKind.Object)
        {
            throw new AwsActionException($"{Description}: no instance {instanceId} (the folder's describe-instances has {Counted.Of(_instances.Count, "instance")})");
        }

        var interfaces = Array(instance, "NetworkInterfaces").Select(n => new NetworkInterfaceFacts(
                Str(n, "NetworkInterfaceId") ?? "",
                Get(Path(n, "Attachment"), "DeviceIndex") is { ValueKind: JsonValueKind.Number } d && d.TryGetInt32(out var index) ? index : 0,
                Ip(n, "PrivateIpAddress"),
                Array(n, "Groups").Select(g => new SecurityGroupRef(Str(g, "GroupId") ?? "", Str(g, "GroupName"))).ToList()))
            .OrderBy(n => n.DeviceIndex).ToList();
        var volumes = Array(instance, "BlockDeviceMappings").Where(b => Path(b, "Ebs") is not null).Select(b =>
        {
            var ebs = Path(b, "Ebs")!.Value;
            var id = Str(ebs, "VolumeId") ?? "";
            return new VolumeFacts(Str(b, "DeviceName") ?? "", id, Get(ebs, "DeleteOnTermination") is { ValueKind: JsonValueKind.True },
                _volumeSizes.TryGetValue(id, out var size) ? size : null);
        }).ToList();
        var tags = Array(instance, "Tags").Where(t => Str(t, "Key") is not null).GroupBy(t => Str(t, "Key")!).ToDictionary(g => g.Key, g => Str(g.First(), "Value") ?? "");
        return Task.FromResult(new InstanceFacts(
            instanceId,
            instance.TryGetProperty("State", out var state) ? Str(state, "Name") ?? "unknown" : "unknown",
            Str(instance, "VpcId"),
            instance.TryGetProperty("Placement", out var placement) ? Str(placement, "AvailabilityZone") : null,
            Ip(instance, "PrivateIpAddress"),
            Ip(instance, "PublicIpAddress"),
            instance.TryGetProperty("IamInstanceProfile", out var profile) ? Str(profile, "Arn") : null,
            interfaces,
            volumes,
            tags));
    }

    public Task<InstanceAttributes> AttributesAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(new InstanceAttributes(_termination.TryGetValue(instanceId, out var t) ? t : null, _shutdown.GetValueOrDefault(instanceId)));

    public Task<ProfileAssociation?> ProfileAssociationAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_associations.Where(a => a.InstanceId == instanceId).Select(a => a.Association).FirstOrDefault(a => a.State is "associated" or "associating"));

    public Task<SecurityGroupRef?> SecurityGroupAsync(string vpcId, string groupName, CancellationToken cancellationToken = default) =>
        Task.FromResult(_groups.Where(g => g.VpcId == vpcId && g.Group.GroupName == groupName).Select(g => g.Group).FirstOrDefault());

    public Task<IReadOnlyList<string>> InstanceProfileRolesAsync(string instanceProfileName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_profileRoles.GetValueOrDefault(instanceProfileName) ?? []);

    public Task<string?> RolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rolePolicies.GetValueOrDefault((roleName, policyName)));

    /// <summary>From describe-auto-scaling-instances: the instance's group, or none when the answer does not list it; not known
    /// (never "no group") when the folder has no such answer.</summary>
    public Task<AutoScalingAnswer> AutoScalingAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(!_autoScalingAnswered
            ? new AutoScalingAnswer(null, $"{Description} has no autoscaling describe-auto-scaling-instances answer")
            : new AutoScalingAnswer(_autoScaling.Where(a => a.InstanceId == instanceId).Select(a => a.Membership).FirstOrDefault()));

    public Task<IReadOnlyList<SnapshotState>> CaseSnapshotsAsync(IReadOnlyList<string> volumeIds, string caseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SnapshotState>>(_snapshots.Where(s => volumeIds.Contains(s.Volume) && s.CaseId == caseId).Select(s => s.State).ToList());

    private void Read(EvidenceRoot root, string path)
    {
        JsonDocument doc;
        try
        {
            doc = EvidenceJson.Parse(root.ReadAllBytes(path, 256 << 20), path, Problems);
        }
        catch (JsonException e)
        {
            Problems.Add(new EvidenceProblem(path, EvidenceJson.Where(e), $"not JSON ({EvidenceJson.Why(e)}); skipped"));
            return;
        }

        var r = doc.RootElement.Clone();
        doc.Dispose();
        if (r.ValueKind != JsonValueKind.Object)
        {
            Problems.Add(new EvidenceProblem(path, "top level", "not an AWS CLI JSON answer (an object); skipped"));
            return;
        }

        var recognised = false;
        var reservationIndex = 0;
        foreach (var reservation in Array(r, "Reservations"))
        {
            var instanceIndex = 0;
            foreach (var instance in Array(reservation, "Instances"))
            {
                SayAddressesThatAreNotIps(instance, path, $"Reservations[{reservationIndex}].Instances[{instanceIndex++}]");
                _instances.Add(instance);
            }

            reservationIndex++;
            recognised = true;
        }

        foreach (var v in Array(r, "Volumes"))
        {
            _volumes.Add(v);
            if (Str(v, "VolumeId") is { } id && Get(v, "Size") is { ValueKind: JsonValueKind.Number } size && size.TryGetInt32(out var gib))
            {
                _volumeSizes[id] = gib;
            }

            recognised = true;
        }

        foreach (var snapshot in Array(r, "Snapshots"))
        {
            recognised = true;
            if (Str(snapshot, "SnapshotId") is { } id && Str(snapshot, "VolumeId") is { } volume)
            {
                var caseId = Array(snapshot, "Tags").Where(t => Str(t, "Key") == InstanceAcquisition.CaseTag).Select(t => Str(t, "Value")).FirstOrDefault();
                _snapshots.Add((volume, caseId, new SnapshotState(id, volume, Str(snapshot, "State") ?? "pending",
                    int.TryParse(Str(snapshot, "Progress")?.TrimEnd('%'), out var p) ? p : 0,
                    DateTimeOffset.TryParse(Str(snapshot, "StartTime"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null)));
            }
        }

        if (r.TryGetProperty("AutoScalingInstances", out _))
        {
            recognised = true;
            _autoScalingAnswered = true;
            foreach (var a in Array(r, "AutoScalingInstances"))
            {
                if (Str(a, "InstanceId") is { } id && Str(a, "AutoScalingGroupName") is { } group)
                {
                    _autoScaling.Add((id, new AutoScalingMembership(group, Str(a, "LifecycleState") ?? "not known", Str(a, "HealthStatus"),
                        Get(a, "ProtectedFromScaleIn") is { ValueKind: JsonValueKind.True })));
                }
            }
        }

        if (Str(r, "InstanceId") is { } instanceId)
        {
            if (Get(Path(r, "DisableApiTermination"), "Value") is { ValueKind: JsonValueKind.True or JsonValueKind.False } tv)
            {
                _termination[instanceId] = tv.GetBoolean();
                recognised = true;
            }

            if (r.TryGetProperty("InstanceInitiatedShutdownBehavior", out var s) && Str(s, "Value") is { } behaviour)
            {
                _shutdown[instanceId] = behaviour;
                recognised = true;
            }
        }

        foreach (var a in Array(r, "IamInstanceProfileAssociations"))
        {
            recognised = true;
            if (Str(a, "InstanceId") is { } id && Str(a, "AssociationId") is { } association)
            {
                _associations.Add((id, new ProfileAssociation(association, a.TryGetProperty("IamInstanceProfile", out var p) ? Str(p, "Arn") ?? "" : "", Str(a, "State") ?? "associated")));
            }
        }

        foreach (var g in Array(r, "SecurityGroups"))
        {
            recognised = true;
            if (Str(g, "VpcId") is { } vpc && Str(g, "GroupId") is { } id)
            {
                _groups.Add((vpc, new SecurityGroupRef(id, Str(g, "GroupName"))));
            }
        }

        if (r.TryGetProperty("InstanceProfile", out var profile) && Str(profile, "InstanceProfileName") is { } profileName)
        {
            recognised = true;
            _profileRoles[profileName] = Array(profile, "Roles").Select(x => Str(x, "RoleName")).OfType<string>().ToList();
        }

        if (Str(r, "RoleName") is { } role && Str(r, "PolicyName") is { } policy && r.TryGetProperty("PolicyDocument", out var document))
        {
            recognised = true;
            _rolePolicies[(role, policy)] = document.ValueKind == JsonValueKind.String ? document.GetString()! : document.GetRawText();
        }

        if (!recognised)
        {
            Problems.Add(new EvidenceProblem(path, "top level", "not an answer this reader knows (describe-instances, describe-volumes, …); skipped"));
        }
    }

    /// <summary>An address of the instance, or null when it is not an IP address (said when read).</summary>
    private static string? Ip(JsonElement e, string name) => Str(e, name) is { } text && System.Net.IPAddress.TryParse(text, out _) ? text : null;

    /// <summary>The AWS CLI's own documentation shows <c>"PrivateIpAddress": "10-0-0-157"</c>: an address that is not one is
    /// not known, and said with where it is.</summary>
    private void SayAddressesThatAreNotIps(JsonElement instance, string path, string where)
    {
        var odd = new List<string>();
        foreach (var name in new[] { "PrivateIpAddress", "PublicIpAddress" })
        {
            if (Str(instance, name) is { } text && Ip(instance, name) is null)
            {
                odd.Add($"{name} '{text}'");
            }
        }

        var nic = 0;
        foreach (var n in Array(instance, "NetworkInterfaces"))
        {
            if (Str(n, "PrivateIpAddress") is { } text && Ip(n, "PrivateIpAddress") is null)
            {
                odd.Add($"NetworkInterfaces[{nic}].PrivateIpAddress '{text}'");
            }

            nic++;
        }

        if (odd.Count > 0)
        {
            Problems.Add(new EvidenceProblem(path, where, $"instance {Str(instance, "InstanceId")}: {string.Join(", ", odd)} not an IP address; not known"));
        }
    }

    private static string? Str(JsonElement e, string name) => EksIr.Cloud.Identification.Json.Text(e, name);

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) => EksIr.Cloud.Identification.Json.Array(e, name);

    private static JsonElement? Get(JsonElement? e, string name) => EksIr.Cloud.Identification.Json.Get(e, name);

    private static JsonElement? Path(JsonElement? e, string name) => EksIr.Cloud.Identification.Json.Path(e, name);
}
