using System.Text.Json.Nodes;
using EksIr.Cloud.Aws;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Aws;

/// <summary>
/// An AWS snapshot folder holding the AWS CLI's own documented outputs (aws/aws-cli awscli/examples, Apache-2.0;
/// tests/RealWorld/PROVENANCE.md): <c>ec2 describe-instances</c>, <c>ec2 describe-iam-instance-profile-associations</c>
/// and <c>iam get-instance-profile</c>. Every expected value is the file's own text (the jq filter beside each assertion).
/// </summary>
public sealed class RealWorldAccountSnapshotTests : IDisposable
{
    private const string Instance = "i-1234567890abcdef0";
    private static readonly EvidenceRoot Samples = new(Repo.Path("tests", "RealWorld"));
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_documented_instance_gives_its_state_zone_vpc_profile_groups_volume_and_tags()
    {
        var snapshot = new AccountSnapshot(Samples, "aws");

        var facts = await snapshot.InstanceAsync(Instance);

        // jq '.Reservations[0].Instances[0] | .State.Name, .Placement.AvailabilityZone, .VpcId, .PublicIpAddress, .IamInstanceProfile.Arn'
        Assert.Equal(("running", "us-east-2a", "vpc-1234567890abcdef0", "34.253.223.13"), (facts.State, facts.Zone, facts.VpcId, facts.PublicIp));
        Assert.Equal("arn:aws:iam::111111111111:instance-profile/AmazonSSMRoleForInstancesQuickSetup", facts.InstanceProfileArn);
        Assert.Equal("AmazonSSMRoleForInstancesQuickSetup", facts.InstanceProfileName);
        // jq '.Reservations[0].Instances[0].NetworkInterfaces[0] | .NetworkInterfaceId, .Attachment.DeviceIndex, .Groups'
        var eni = Assert.Single(facts.NetworkInterfaces);
        Assert.Equal(("eni-1234567890abcdefg", 0), (eni.NetworkInterfaceId, eni.DeviceIndex));
        Assert.Equal([new SecurityGroupRef("sg-1234567890abcdefg", "launch-wizard-146")], eni.Groups);
        // jq '.Reservations[0].Instances[0].BlockDeviceMappings[0] | .DeviceName, .Ebs.VolumeId, .Ebs.DeleteOnTermination' (no describe-volumes: size not known)
        Assert.Equal([new VolumeFacts("/dev/xvda", "vol-02e6ccdca7de29cf2", true, null)], facts.Volumes);
        // jq '.Reservations[0].Instances[0].Tags'
        Assert.Equal("my-instance", Assert.Single(facts.Tags).Value);
    }

    [Fact]
    public async Task The_documented_private_address_10_0_0_157_with_dashes_is_not_known_and_said_where_it_is()
    {
        var snapshot = new AccountSnapshot(Samples, "aws");

        var facts = await snapshot.InstanceAsync(Instance);

        // jq '.Reservations[0].Instances[0] | .PrivateIpAddress, .NetworkInterfaces[0].PrivateIpAddress': "10-0-0-157" both
        Assert.Null(facts.PrivateIp);
        Assert.Null(facts.NetworkInterfaces[0].PrivateIp);
        Assert.Equal(new EvidenceProblem("aws/describe-instances.json", "Reservations[0].Instances[0]",
                "instance i-1234567890abcdef0: PrivateIpAddress '10-0-0-157', NetworkInterfaces[0].PrivateIpAddress '10-0-0-157' not an IP address; not known"),
            Assert.Single(snapshot.Problems));
    }

    [Fact]
    public async Task Profile_associations_and_an_instance_profiles_roles_come_from_their_documented_answers()
    {
        var snapshot = new AccountSnapshot(Samples, "aws");

        // jq '.IamInstanceProfileAssociations[] | [.InstanceId, .AssociationId, .IamInstanceProfile.Arn, .State]'
        Assert.Equal(new ProfileAssociation("iip-assoc-0db249b1f25fa24b8", "arn:aws:iam::123456789012:instance-profile/admin-role", "associated"),
            await snapshot.ProfileAssociationAsync("i-09eb09efa73ec1dee"));
        Assert.Equal(new ProfileAssociation("iip-assoc-0d1ec06278d29f44a", "arn:aws:iam::123456789012:instance-profile/user1-role", "associating"),
            await snapshot.ProfileAssociationAsync("i-0402909a2f4dffd14"));
        Assert.Null(await snapshot.ProfileAssociationAsync(Instance));
        // jq '.InstanceProfile | .InstanceProfileName, [.Roles[].RoleName]'
        Assert.Equal(["Test-Role"], await snapshot.InstanceProfileRolesAsync("ExampleInstanceProfile"));
        Assert.Empty(await snapshot.InstanceProfileRolesAsync("AmazonSSMRoleForInstancesQuickSetup"));
    }

    [Fact]
    public async Task Several_reservations_are_all_read_and_a_terminated_instance_without_addresses_is_read_without_a_problem()
    {
        // Built from the documented answer: its reservation twice, the second holding the instance as EC2 describes a
        // terminated one (state code 48 "terminated", no private address, no network interfaces, no volumes).
        var answer = JsonNode.Parse(File.ReadAllText(Repo.Path("tests", "RealWorld", "aws", "describe-instances.json")))!;
        var second = answer["Reservations"]![0]!.DeepClone();
        second["ReservationId"] = "r-0fedcba0987654321";
        var gone = second["Instances"]![0]!.AsObject();
        gone["InstanceId"] = "i-0fedcba0987654321";
        gone["State"] = new JsonObject { ["Code"] = 48, ["Name"] = "terminated" };
        foreach (var key in new[] { "PrivateIpAddress", "PublicIpAddress", "NetworkInterfaces", "BlockDeviceMappings", "IamInstanceProfile", "SecurityGroups" })
        {
            gone.Remove(key);
        }

        answer["Reservations"]!.AsArray().Add(second);
        _temp.Write("evidence/aws/describe-instances.json", answer.ToJsonString());
        var snapshot = new AccountSnapshot(new EvidenceRoot(_temp.Combine("evidence")), "aws");

        var running = await snapshot.InstanceAsync(Instance);
        var terminated = await snapshot.InstanceAsync("i-0fedcba0987654321");

        Assert.Equal(("running", "us-east-2a"), (running.State, running.Zone));
        Assert.Equal(("terminated", "us-east-2a", null, null, null), (terminated.State, terminated.Zone, terminated.PrivateIp, terminated.PublicIp, terminated.InstanceProfileArn));
        Assert.Empty(terminated.NetworkInterfaces);
        Assert.Empty(terminated.Volumes);
        Assert.Equal(["Reservations[0].Instances[0]"], snapshot.Problems.Select(p => p.Where));
        var missing = await Assert.ThrowsAsync<AwsActionException>(() => snapshot.InstanceAsync("i-0000000000000000f"));
        Assert.Contains("has 2 instances", missing.Message);
    }
}
