using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Ec2Filter = Amazon.EC2.Model.Filter;
using Ec2Tag = Amazon.EC2.Model.Tag;
using ResourceType = Amazon.EC2.ResourceType;

namespace EksIr.Cloud.Aws;

/// <summary>
/// The live account through the SDK clients (EC2, SSM, STS) and the Query clients of IAM and Auto Scaling. Every AWS error becomes an
/// <see cref="AwsActionException"/> naming the call, its target and AWS's code (AccessDenied, throttling after the
/// SDK's retries, InvalidInstanceID.NotFound).
/// </summary>
public sealed partial class LiveAccount(AwsConnection connection, IAmazonEC2 ec2, IAmazonSimpleSystemsManagement ssm, IAmazonSecurityTokenService sts, IIamRoles iam,
    IAutoScaling autoScaling)
    : IInstanceSource, IInstanceWriter, IRunCommand
{
    /// <summary>The account reached as the connection says; credentials from AWSSDK.Core's chain unless given.</summary>
    public static LiveAccount Connect(AwsConnection connection, AWSCredentials? credentials = null)
    {
        var c = credentials ?? connection.Credentials();
        return new LiveAccount(connection, connection.Ec2(c), connection.Ssm(c), connection.Sts(c), connection.Iam(c), connection.AutoScaling(c));
    }

    public string Description => connection.Description;

    public async Task<InstanceFacts> InstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var response = await Call("DescribeInstances", instanceId, () => ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, cancellationToken))
            .ConfigureAwait(false);
        var instance = response.Reservations?.SelectMany(r => r.Instances ?? []).FirstOrDefault(i => i.InstanceId == instanceId)
                       ?? throw new AwsActionException($"{Description}: no instance {instanceId}");
        var volumeIds = (instance.BlockDeviceMappings ?? []).Where(b => b.Ebs?.VolumeId is not null).Select(b => b.Ebs.VolumeId).ToList();
        var sizes = new Dictionary<string, int?>();
        if (volumeIds.Count > 0)
        {
            var volumes = await Call("DescribeVolumes", instanceId, () => ec2.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = volumeIds }, cancellationToken))
                .ConfigureAwait(false);
            foreach (var v in volumes.Volumes ?? [])
            {
                sizes[v.VolumeId] = v.Size;
            }
        }

        return new InstanceFacts(
            instance.InstanceId,
            instance.State?.Name?.Value ?? "unknown",
            instance.VpcId,
            instance.Placement?.AvailabilityZone,
            instance.PrivateIpAddress,
            instance.PublicIpAddress,
            instance.IamInstanceProfile?.Arn,
            (instance.NetworkInterfaces ?? []).OrderBy(n => n.Attachment?.DeviceIndex ?? 0)
                .Select(n => new NetworkInterfaceFacts(n.NetworkInterfaceId, n.Attachment?.DeviceIndex ?? 0, n.PrivateIpAddress,
                    (n.Groups ?? []).Select(g => new SecurityGroupRef(g.GroupId, g.GroupName)).ToList()))
                .ToList(),
            (instance.BlockDeviceMappings ?? []).Where(b => b.Ebs?.VolumeId is not null)
                .Select(b => new VolumeFacts(b.DeviceName, b.Ebs.VolumeId, b.Ebs.DeleteOnTermination ?? false, sizes.GetValueOrDefault(b.Ebs.VolumeId)))
                .ToList(),
            (instance.Tags ?? []).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.First().Value));
    }

    public async Task<InstanceAttributes> AttributesAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var termination = await Call("DescribeInstanceAttribute", instanceId, () => ec2.DescribeInstanceAttributeAsync(
            new DescribeInstanceAttributeRequest { InstanceId = instanceId, Attribute = InstanceAttributeName.DisableApiTermination }, cancellationToken)).ConfigureAwait(false);
        var shutdown = await Call("DescribeInstanceAttribute", instanceId, () => ec2.DescribeInstanceAttributeAsync(
            new DescribeInstanceAttributeRequest { InstanceId = instanceId, Attribute = InstanceAttributeName.InstanceInitiatedShutdownBehavior }, cancellationToken)).ConfigureAwait(false);
        return new InstanceAttributes(termination.InstanceAttribute?.DisableApiTermination, shutdown.InstanceAttribute?.InstanceInitiatedShutdownBehavior);
    }

    public async Task<ProfileAssociation?> ProfileAssociationAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var response = await Call("DescribeIamInstanceProfileAssociations", instanceId, () => ec2.DescribeIamInstanceProfileAssociationsAsync(
            new DescribeIamInstanceProfileAssociationsRequest { Filters = [new Ec2Filter("instance-id", [instanceId])] }, cancellationToken)).ConfigureAwait(false);
        var association = (response.IamInstanceProfileAssociations ?? [])
            .FirstOrDefault(a => a.State?.Value is "associated" or "associating");
        return association is null ? null : new ProfileAssociation(association.AssociationId, association.IamInstanceProfile?.Arn ?? "", association.State!.Value);
    }

    public async Task<SecurityGroupRef?> SecurityGroupAsync(string vpcId, string groupName, CancellationToken cancellationToken = default)
    {
        var response = await Call("DescribeSecurityGroups", groupName, () => ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest
        {
            Filters = [new Ec2Filter("vpc-id", [vpcId]), new Ec2Filter("group-name", [groupName])],
        }, cancellationToken)).ConfigureAwait(false);
        var group = (response.SecurityGroups ?? []).FirstOrDefault();
        return group is null ? null : new SecurityGroupRef(group.GroupId, group.GroupName);
    }

    public Task<IReadOnlyList<string>> InstanceProfileRolesAsync(string instanceProfileName, CancellationToken cancellationToken = default) =>
        iam.InstanceProfileRolesAsync(instanceProfileName, cancellationToken);

    public Task<string?> RolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default) =>
        iam.RolePolicyAsync(roleName, policyName, cancellationToken);

    public async Task<IReadOnlyList<SnapshotState>> CaseSnapshotsAsync(IReadOnlyList<string> volumeIds, string caseId, CancellationToken cancellationToken = default)
    {
        if (volumeIds.Count == 0)
        {
            return [];
        }

        var response = await Call("DescribeSnapshots", caseId, () => ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest
        {
            OwnerIds = ["self"],
            Filters = [new Ec2Filter("volume-id", volumeIds.ToList()), new Ec2Filter($"tag:{InstanceAcquisition.CaseTag}", [caseId])],
        }, cancellationToken)).ConfigureAwait(false);
        return (response.Snapshots ?? []).Where(s => s.State?.Value != "error")
            .Select(s => new SnapshotState(s.SnapshotId, s.VolumeId, s.State?.Value ?? "pending", Percent(s.Progress), s.StartTime)).ToList();
    }

    /// <summary>A refused or failed DescribeAutoScalingInstances is "not known" with AWS's answer, not an end to the plan: the
    /// steps that need no Auto Scaling group still run.</summary>
    public async Task<AutoScalingAnswer> AutoScalingAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        try
        {
            return new AutoScalingAnswer(await autoScaling.MembershipAsync(instanceId, cancellationToken).ConfigureAwait(false));
        }
        catch (AwsActionException e)
        {
            return new AutoScalingAnswer(null, e.Message);
        }
    }

    public Task ProtectFromScaleInAsync(string groupName, string instanceId, CancellationToken cancellationToken = default) =>
        autoScaling.SetScaleInProtectionAsync(groupName, instanceId, true, cancellationToken);

    public Task DetachFromGroupAsync(string groupName, string instanceId, CancellationToken cancellationToken = default) =>
        autoScaling.DetachAsync(groupName, instanceId, cancellationToken);

    public async Task<string> CallerAsync(CancellationToken cancellationToken = default)
    {
        var me = await Call("GetCallerIdentity", "", () => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken)).ConfigureAwait(false);
        return $"{me.Arn} (account {me.Account})";
    }

    public async Task<string> CreateIsolationGroupAsync(string vpcId, string groupName, string description, CancellationToken cancellationToken = default)
    {
        var created = await Call("CreateSecurityGroup", groupName, () => ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest
        {
            GroupName = groupName,
            Description = description,
            VpcId = vpcId,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.SecurityGroup, Tags = [new Ec2Tag("eksir:purpose", "isolation")] }],
        }, cancellationToken)).ConfigureAwait(false);
        // A new VPC security group allows all egress; an isolation group has no rules at all.
        await Call("RevokeSecurityGroupEgress", created.GroupId, () => ec2.RevokeSecurityGroupEgressAsync(new RevokeSecurityGroupEgressRequest
        {
            GroupId = created.GroupId,
            IpPermissions = [new IpPermission { IpProtocol = "-1", Ipv4Ranges = [new IpRange { CidrIp = "0.0.0.0/0" }] }],
        }, cancellationToken)).ConfigureAwait(false);
        return created.GroupId;
    }

    public Task SetInterfaceGroupsAsync(string networkInterfaceId, IReadOnlyList<string> groupIds, CancellationToken cancellationToken = default) =>
        Call("ModifyNetworkInterfaceAttribute", networkInterfaceId, () => ec2.ModifyNetworkInterfaceAttributeAsync(
            new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = networkInterfaceId, Groups = groupIds.ToList() }, cancellationToken));

    public Task DisassociateProfileAsync(string associationId, CancellationToken cancellationToken = default) =>
        Call("DisassociateIamInstanceProfile", associationId, () => ec2.DisassociateIamInstanceProfileAsync(
            new DisassociateIamInstanceProfileRequest { AssociationId = associationId }, cancellationToken));

    public Task PutRolePolicyAsync(string roleName, string policyName, string document, CancellationToken cancellationToken = default) =>
        iam.PutRolePolicyAsync(roleName, policyName, document, cancellationToken);

    public Task SetTerminationProtectionAsync(string instanceId, bool enabled, CancellationToken cancellationToken = default) =>
        Call("ModifyInstanceAttribute", instanceId, () => ec2.ModifyInstanceAttributeAsync(
            new ModifyInstanceAttributeRequest { InstanceId = instanceId, DisableApiTermination = enabled }, cancellationToken));

    public Task SetShutdownBehaviorAsync(string instanceId, string behavior, CancellationToken cancellationToken = default) =>
        Call("ModifyInstanceAttribute", instanceId, () => ec2.ModifyInstanceAttributeAsync(
            new ModifyInstanceAttributeRequest { InstanceId = instanceId, InstanceInitiatedShutdownBehavior = behavior }, cancellationToken));

    public Task TagAsync(string instanceId, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        Call("CreateTags", instanceId, () => ec2.CreateTagsAsync(
            new CreateTagsRequest { Resources = [instanceId], Tags = tags.Select(t => new Ec2Tag(t.Key, t.Value)).ToList() }, cancellationToken));

    public Task KeepVolumeAsync(string instanceId, string deviceName, CancellationToken cancellationToken = default) =>
        Call("ModifyInstanceAttribute", instanceId, () => ec2.ModifyInstanceAttributeAsync(new ModifyInstanceAttributeRequest
        {
            InstanceId = instanceId,
            BlockDeviceMappings = [new InstanceBlockDeviceMappingSpecification { DeviceName = deviceName, Ebs = new EbsInstanceBlockDeviceSpecification { DeleteOnTermination = false } }],
        }, cancellationToken));

    public async Task<IReadOnlyList<SnapshotState>> CreateSnapshotsAsync(string instanceId, string description, IReadOnlyDictionary<string, string> tags,
        CancellationToken cancellationToken = default)
    {
        var response = await Call("CreateSnapshots", instanceId, () => ec2.CreateSnapshotsAsync(new CreateSnapshotsRequest
        {
            InstanceSpecification = new InstanceSpecification { InstanceId = instanceId, ExcludeBootVolume = false },
            Description = description,
            CopyTagsFromSource = CopyTagsFromSource.Volume,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Snapshot, Tags = tags.Select(t => new Ec2Tag(t.Key, t.Value)).ToList() }],
        }, cancellationToken)).ConfigureAwait(false);
        return (response.Snapshots ?? []).Select(s => new SnapshotState(s.SnapshotId, s.VolumeId, s.State?.Value ?? "pending", Percent(s.Progress), s.StartTime)).ToList();
    }

    public async Task<IReadOnlyList<SnapshotState>> SnapshotStatesAsync(IReadOnlyList<string> snapshotIds, CancellationToken cancellationToken = default)
    {
        var response = await Call("DescribeSnapshots", string.Join(",", snapshotIds), () => ec2.DescribeSnapshotsAsync(
            new DescribeSnapshotsRequest { SnapshotIds = snapshotIds.ToList() }, cancellationToken)).ConfigureAwait(false);
        return (response.Snapshots ?? []).Select(s => new SnapshotState(s.SnapshotId, s.VolumeId, s.State?.Value ?? "pending", Percent(s.Progress), s.StartTime)).ToList();
    }

    public async Task<string> SendShellScriptAsync(string instanceId, IReadOnlyList<string> lines, string comment, int timeoutSeconds,
        CancellationToken cancellationToken = default)
    {
        var response = await Call("SendCommand", instanceId, () => ssm.SendCommandAsync(new SendCommandRequest
        {
            DocumentName = "AWS-RunShellScript",
            InstanceIds = [instanceId],
            Comment = comment.Length > 100 ? comment[..100] : comment,
            Parameters = new Dictionary<string, List<string>> { ["commands"] = lines.ToList(), ["executionTimeout"] = [timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)] },
        }, cancellationToken)).ConfigureAwait(false);
        return response.Command.CommandId;
    }

    public async Task<CommandResult> InvocationAsync(string commandId, string instanceId, CancellationToken cancellationToken = default)
    {
        try
        {
            var r = await ssm.GetCommandInvocationAsync(new GetCommandInvocationRequest { CommandId = commandId, InstanceId = instanceId }, cancellationToken).ConfigureAwait(false);
            return new CommandResult(commandId, r.Status?.Value ?? "Pending", r.StatusDetails, r.ResponseCode, r.StandardOutputContent ?? "", r.StandardErrorContent ?? "");
        }
        catch (InvocationDoesNotExistException)
        {
            return new CommandResult(commandId, "Pending", "the invocation is not registered yet", null, "", ""); // SSM needs a moment after SendCommand
        }
        catch (AmazonServiceException e)
        {
            throw Failure("GetCommandInvocation", commandId, e);
        }
    }

    private static int Percent(string? progress) =>
        int.TryParse(progress?.TrimEnd('%'), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0;

    private async Task<T> Call<T>(string action, string target, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException e)
        {
            throw Failure(action, target, e);
        }
        catch (HttpRequestException e)
        {
            throw new AwsActionException($"{Description}: {action} {target}: cannot reach AWS: {e.Message}", e);
        }
    }

    private AwsActionException Failure(string action, string target, AmazonServiceException e) =>
        new($"{Description}: {action}{(target.Length > 0 ? " " + target : "")}: {e.ErrorCode ?? e.StatusCode.ToString()}: {e.Message}", e);
}
