namespace EksIr.Cloud.Aws;

/// <summary>What containment and acquisition need to know of an EC2 instance, from DescribeInstances and friends.</summary>
public sealed record InstanceFacts(
    string InstanceId,
    string State,
    string? VpcId,
    string? Zone,
    string? PrivateIp,
    string? PublicIp,
    string? InstanceProfileArn,
    IReadOnlyList<NetworkInterfaceFacts> NetworkInterfaces,
    IReadOnlyList<VolumeFacts> Volumes,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The instance profile's name: the last segment of its ARN (<c>arn:aws:iam::111122223333:instance-profile/path/name</c>).</summary>
    public string? InstanceProfileName => InstanceProfileArn?.Split('/')[^1];
}

/// <summary>An ENI of the instance and the security groups on it.</summary>
public sealed record NetworkInterfaceFacts(string NetworkInterfaceId, int DeviceIndex, string? PrivateIp, IReadOnlyList<SecurityGroupRef> Groups);

public sealed record SecurityGroupRef(string GroupId, string? GroupName);

/// <summary>An EBS volume attached to the instance: its device, whether it goes with the instance, its size when known.</summary>
public sealed record VolumeFacts(string DeviceName, string VolumeId, bool DeleteOnTermination, int? SizeGiB);

/// <summary>The instance attributes acquisition changes: null when not known (a snapshot without describe-instance-attribute).</summary>
public sealed record InstanceAttributes(bool? TerminationProtection, string? ShutdownBehavior);

/// <summary>The association of an instance profile with the instance (needed to detach it).</summary>
public sealed record ProfileAssociation(string AssociationId, string InstanceProfileArn, string State);
