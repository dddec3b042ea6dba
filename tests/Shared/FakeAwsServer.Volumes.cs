namespace EksIr.Tests;

/// <summary>
/// The fake's EBS volumes and analysis instances: CreateVolume from a completed snapshot (tags at creation), AttachVolume
/// to an analysis instance in the volume's zone at a device name not in use, DetachVolume, DeleteVolume, DescribeVolumes
/// by id or by tag filter, and DescribeInstances of an analysis instance with the volumes attached to it. A volume
/// is creating until it is next described, then available; an attachment attaching until next described, then attached.
/// </summary>
public sealed partial class FakeAwsServer
{
    /// <summary>Analysis instances by id: their zone and their devices (device name → volume id).</summary>
    public Dictionary<string, (string Zone, Dictionary<string, string> Devices)> AnalysisInstances { get; } = [];

    /// <summary>The volumes made through the fake, in the order made.</summary>
    public List<FakeVolume> MadeVolumes { get; } = [];

    /// <summary>An analysis instance in the zone with a root volume at /dev/xvda and, if given, more devices in use.</summary>
    public void AddAnalysisInstance(string instanceId, string zone, params string[] devicesInUse)
    {
        var devices = new Dictionary<string, string> { ["/dev/xvda"] = "vol-0aa0000000000root" };
        foreach (var device in devicesInUse)
        {
            devices[device] = $"vol-0aa{devices.Count:D13}";
        }

        AnalysisInstances[instanceId] = (zone, devices);
    }

    private bool AsksForCaseVolumes(Dictionary<string, string> p) =>
        p.Keys.Any(k => k.StartsWith("Filter.", StringComparison.Ordinal))
        || p.Where(x => x.Key.StartsWith("VolumeId.", StringComparison.Ordinal)).Any(x => MadeVolumes.Any(v => v.Id == x.Value));

    private string AnalysisInstance(string instanceId)
    {
        var (zone, devices) = AnalysisInstances[instanceId];
        return "<reservationSet><item><reservationId>r-0aa11bb22cc33dd44</reservationId><ownerId>111122223333</ownerId><instancesSet><item>" +
               $"<instanceId>{instanceId}</instanceId><instanceState><code>16</code><name>running</name></instanceState>" +
               $"<privateIpAddress>10.0.99.10</privateIpAddress><vpcId>{VpcId}</vpcId><placement><availabilityZone>{zone}</availabilityZone></placement>" +
               "<networkInterfaceSet/><blockDeviceMapping>" + string.Concat(devices.Select(d =>
                   $"<item><deviceName>{d.Key}</deviceName><ebs><volumeId>{d.Value}</volumeId><status>attached</status><deleteOnTermination>{(d.Key == "/dev/xvda" ? "true" : "false")}</deleteOnTermination></ebs></item>")) +
               "</blockDeviceMapping><tagSet><item><key>Name</key><value>ir-analysis</value></item></tagSet></item></instancesSet></item></reservationSet>";
    }

    private (int, string, string) VolumeCall(string action, Dictionary<string, string> p)
    {
        (int, string, string) Xml(string inner) => (200, "text/xml", $"<{action}Response xmlns=\"{Ec2Ns}\"><requestId>{Guid.NewGuid()}</requestId>{inner}</{action}Response>");
        (int, string, string) Error(string code, string message) =>
            (400, "text/xml", $"<Response><Errors><Error><Code>{code}</Code><Message>{E(message)}</Message></Error></Errors><RequestID>x</RequestID></Response>");
        FakeVolume? Find(string id) => MadeVolumes.FirstOrDefault(v => v.Id == id);
        switch (action)
        {
            case "CreateVolume":
            {
                var snapshot = Snapshots.FirstOrDefault(s => s.Id == p["SnapshotId"]);
                if (snapshot.Id is null)
                {
                    return Error("InvalidSnapshot.NotFound", $"The snapshot '{p["SnapshotId"]}' does not exist.");
                }

                if (snapshot.Percent < 100)
                {
                    return Error("IncorrectState", $"Snapshot is in invalid state - pending");
                }

                var tags = new Dictionary<string, string>();
                for (var i = 1; p.TryGetValue($"TagSpecification.1.Tag.{i}.Key", out var key); i++)
                {
                    tags[key] = p[$"TagSpecification.1.Tag.{i}.Value"];
                }

                var volume = new FakeVolume($"vol-0{++_sequence:x16}", p["AvailabilityZone"], snapshot.Id, p.GetValueOrDefault("VolumeType") ?? "gp2",
                    p.GetValueOrDefault("TagSpecification.1.ResourceType") ?? "", tags);
                MadeVolumes.Add(volume);
                return Xml(Fields(volume));
            }

            case "DescribeVolumes":
            {
                var ids = p.Where(x => x.Key.StartsWith("VolumeId.", StringComparison.Ordinal)).Select(x => x.Value).ToHashSet();
                var filters = Filters(p);
                var chosen = MadeVolumes.Where(v => (ids.Count == 0 || ids.Contains(v.Id))
                                                    && filters.Where(f => f.Key.StartsWith("tag:", StringComparison.Ordinal)).All(f => v.Tags.TryGetValue(f.Key[4..], out var tv) && f.Value.Contains(tv)))
                    .ToList();
                var answer = Xml("<volumeSet>" + string.Concat(chosen.Select(v => $"<item>{Fields(v)}</item>")) + "</volumeSet>");
                foreach (var v in chosen)
                {
                    v.State = v.State == "creating" ? "available" : v.State;
                    v.AttachmentState = v.AttachmentState == "attaching" ? "attached" : v.AttachmentState == "detaching" ? null : v.AttachmentState;
                    if (v.AttachmentState is null && v.Instance is not null)
                    {
                        AnalysisInstances[v.Instance].Devices.Remove(v.Device!);
                        (v.Instance, v.Device, v.State) = (null, null, "available");
                    }
                }

                return answer;
            }

            case "AttachVolume":
            {
                if (Find(p["VolumeId"]) is not { } volume)
                {
                    return Error("InvalidVolume.NotFound", $"The volume '{p["VolumeId"]}' does not exist.");
                }

                var (zone, devices) = AnalysisInstances[p["InstanceId"]];
                if (volume.State != "available")
                {
                    return Error("IncorrectState", $"{volume.Id} is not 'available'.");
                }

                if (volume.Zone != zone)
                {
                    return Error("InvalidVolume.ZoneMismatch", $"The volume '{volume.Id}' is not in the same availability zone as instance '{p["InstanceId"]}'");
                }

                if (devices.ContainsKey(p["Device"]) || devices.ContainsKey("/dev/xvd" + p["Device"][^1..]))
                {
                    return Error("InvalidParameterValue", $"Invalid value '{p["Device"]}' for unixDevice. Attachment point {p["Device"]} is already in use");
                }

                devices[p["Device"]] = volume.Id;
                (volume.Instance, volume.Device, volume.AttachmentState, volume.State) = (p["InstanceId"], p["Device"], "attaching", "in-use");
                return Xml($"<volumeId>{volume.Id}</volumeId><instanceId>{volume.Instance}</instanceId><device>{volume.Device}</device><status>attaching</status><attachTime>2026-11-29T10:00:00.000Z</attachTime>");
            }

            case "DetachVolume":
            {
                if (Find(p["VolumeId"]) is not { Instance: not null } volume)
                {
                    return Error("IncorrectState", $"Volume '{p["VolumeId"]}' is in the 'available' state.");
                }

                volume.AttachmentState = "detaching";
                return Xml($"<volumeId>{volume.Id}</volumeId><instanceId>{volume.Instance}</instanceId><device>{volume.Device}</device><status>detaching</status><attachTime>2026-11-29T10:00:00.000Z</attachTime>");
            }

            default: // DeleteVolume
            {
                if (Find(p["VolumeId"]) is not { } volume || volume.State != "available")
                {
                    return Error("InvalidVolume.NotFound", $"The volume '{p["VolumeId"]}' does not exist or is not available.");
                }

                volume.State = "deleted";
                return Xml("<return>true</return>");
            }
        }
    }

    private static string Fields(FakeVolume v) =>
        $"<volumeId>{v.Id}</volumeId><size>80</size><snapshotId>{v.SnapshotId}</snapshotId><availabilityZone>{v.Zone}</availabilityZone>" +
        $"<status>{v.State}</status><createTime>2026-11-29T10:00:00.000Z</createTime><volumeType>{v.VolumeType}</volumeType><encrypted>true</encrypted>" +
        "<attachmentSet>" + (v.Instance is null ? "" :
            $"<item><volumeId>{v.Id}</volumeId><instanceId>{v.Instance}</instanceId><device>{v.Device}</device><status>{v.AttachmentState}</status><attachTime>2026-11-29T10:00:00.000Z</attachTime><deleteOnTermination>false</deleteOnTermination></item>") +
        "</attachmentSet><tagSet>" + string.Concat(v.Tags.Select(t => $"<item><key>{E(t.Key)}</key><value>{E(t.Value)}</value></item>")) + "</tagSet>";
}

/// <summary>A volume made through the fake: where it is, what it came from, its tags as given at creation, its state and attachment.</summary>
public sealed class FakeVolume(string id, string zone, string snapshotId, string volumeType, string taggedResource, Dictionary<string, string> tags)
{
    public string Id => id;

    public string Zone => zone;

    public string SnapshotId => snapshotId;

    public string VolumeType => volumeType;

    /// <summary>The ResourceType of the tag specification it was created with (volume).</summary>
    public string TaggedResource => taggedResource;

    public Dictionary<string, string> Tags => tags;

    public string State { get; set; } = "creating";

    public string? Instance { get; set; }

    public string? Device { get; set; }

    public string? AttachmentState { get; set; }
}
