using System.Text;
using CsCheck;
using EksIr.Cloud.Aws;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Aws;

/// <summary>An AWS CLI snapshot folder with hostile content: what is not UTF-8 is read as U+FFFD and said; no byte crashes the plan.</summary>
public sealed class HostileAccountSnapshotTests : IDisposable
{
    private static readonly string Sample = Repo.Path("sample-data", "incident-1", "aws");
    private const string Instance = "i-0c7d2e91b4a6f3508";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 30, 0, TimeSpan.Zero);
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The incident's AWS snapshot copied under evidence/<paramref name="name"/>, describe-instances.json replaced.</summary>
    private EvidenceRoot Snapshot(byte[] instances, string name = "aws")
    {
        var folder = Directory.CreateDirectory(_temp.Combine("evidence", name)).FullName;
        foreach (var file in Directory.GetFiles(Sample))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }

        File.WriteAllBytes(Path.Combine(folder, "describe-instances.json"), instances);
        return new EvidenceRoot(_temp.Combine("evidence"));
    }

    [Fact]
    public async Task A_tag_with_bytes_that_are_not_utf8_in_its_key_and_value_is_read_with_U_FFFD_and_the_plan_is_made()
    {
        var original = File.ReadAllBytes(Path.Combine(Sample, "describe-instances.json"));
        var tag = original.AsSpan().IndexOf("\"Key\": \"eks:nodegroup-name\""u8);
        var value = original.AsSpan().IndexOf("\"ng-1\""u8);
        var bytes = original.ToArray();
        bytes[tag + 12] = 0x80; // eks:\x80odegroup-name
        bytes[value + 3] = 0xFF; // "ng\xFF1"
        var root = Snapshot(bytes);

        var snapshot = new AccountSnapshot(root, "aws");
        var facts = await snapshot.InstanceAsync(Instance);
        var plan = await InstanceContainment.RunAsync(snapshot, null, Instance, new InstanceContainmentOptions(), Now, execute: false);

        Assert.Equal("ng\uFFFD1", facts.Tags["eks:\uFFFDodegroup-name"]);
        Assert.Equal(new EvidenceProblem("aws/describe-instances.json", $"byte {tag + 12}",
            "2 bytes that are not UTF-8 replaced with U+FFFD (the first here); everything else read as written"), Assert.Single(snapshot.Problems));
        Assert.Equal(["detach from Auto Scaling group", "isolation security group", "swap security groups", "swap security groups", "revoke role sessions", "detach instance profile"],
            plan.Actions.Select(a => a.Action));
    }

    [Fact]
    public async Task Values_of_the_wrong_json_type_are_not_known_rather_than_a_crash()
    {
        _temp.Write("evidence/odd/describe-instances.json", $$$"""
            {"Reservations":[{"Instances":[{"InstanceId":"{{{Instance}}}","State":{"Name":"running"},
              "NetworkInterfaces":["eni-as-a-string",{"NetworkInterfaceId":"eni-1","Attachment":{"DeviceIndex":"0"}},{"NetworkInterfaceId":"eni-2","Attachment":7}],
              "BlockDeviceMappings":[1,{"DeviceName":"/dev/xvda","Ebs":5},{"DeviceName":"/dev/xvdb","Ebs":{"VolumeId":"vol-1","DeleteOnTermination":"yes"}}]}]}]}
            """);
        _temp.Write("evidence/odd/describe-volumes.json", """{"Volumes":[3,{"VolumeId":"vol-1","Size":"8"}]}""");
        _temp.Write("evidence/odd/attribute.json", $$"""{"InstanceId":"{{Instance}}","DisableApiTermination":"false"}""");

        var snapshot = new AccountSnapshot(new EvidenceRoot(_temp.Combine("evidence")), "odd");
        var facts = await snapshot.InstanceAsync(Instance);

        Assert.Equal(["eni-1", "eni-2"], facts.NetworkInterfaces.Select(n => n.NetworkInterfaceId).Where(id => id.Length > 0));
        var volume = Assert.Single(facts.Volumes);
        Assert.Equal(("vol-1", false, (int?)null), (volume.VolumeId, volume.DeleteOnTermination, volume.SizeGiB));
        Assert.Null((await snapshot.AttributesAsync(Instance)).TerminationProtection);
    }

    [Fact]
    public void Any_hostile_bytes_in_describe_instances_never_crash_the_snapshot_or_the_plan()
    {
        var original = File.ReadAllBytes(Path.Combine(Sample, "describe-instances.json"));
        var root = Snapshot(original);
        byte[][] hostile = [[0xFF], [0x80], [0xE2, 0x82], "\\udfff"u8.ToArray(), "\""u8.ToArray(), "{}"u8.ToArray(), "[]"u8.ToArray(), "\"x\""u8.ToArray(), "99999999999"u8.ToArray()];
        Gen.Int[0, original.Length - 1].Array[1, 4].Select(Gen.Int[0, hostile.Length - 1].Array[4], Gen.Bool).Sample((positions, which, replace) =>
        {
            var bytes = HostileBytes.Put(original, positions, which, replace, hostile);

            var name = $"fuzz-{Guid.NewGuid():N}";
            Directory.CreateDirectory(_temp.Combine("evidence", name));
            File.WriteAllBytes(_temp.Combine("evidence", name, "describe-instances.json"), bytes);
            var snapshot = new AccountSnapshot(root, name);
            Assert.All(snapshot.Problems, p => Assert.Equal($"{name}/describe-instances.json", p.File));
            try
            {
                InstanceContainment.RunAsync(snapshot, null, Instance, new InstanceContainmentOptions(), Now, execute: false).GetAwaiter().GetResult();
            }
            catch (AwsActionException)
            {
                // the instance is gone with the damage: said by id
            }
        }, iter: 1500);
    }
}
