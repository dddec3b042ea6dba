namespace EksIr.Cloud.Aws;

/// <summary>
/// Where an instance's facts come from: the live account (EC2 and IAM reads only) or a snapshot folder of
/// <c>aws … --output json</c> outputs taken earlier. A dry run needs nothing more.
/// </summary>
public interface IInstanceSource
{
    /// <summary>For messages and the journal: "snapshot DIR" or "AWS us-west-2 profile P".</summary>
    string Description { get; }

    /// <summary>The instance, or an <see cref="AwsActionException"/> saying it does not exist.</summary>
    Task<InstanceFacts> InstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<InstanceAttributes> AttributesAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>The instance profile's association with the instance, or null when none is associated (or not known).</summary>
    Task<ProfileAssociation?> ProfileAssociationAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>The security group of that name in the VPC, or null when there is none (or it is not known).</summary>
    Task<SecurityGroupRef?> SecurityGroupAsync(string vpcId, string groupName, CancellationToken cancellationToken = default);

    /// <summary>The roles of an instance profile; empty when not known.</summary>
    Task<IReadOnlyList<string>> InstanceProfileRolesAsync(string instanceProfileName, CancellationToken cancellationToken = default);

    /// <summary>A role's inline policy document, or null when there is none (or it is not known).</summary>
    Task<string?> RolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default);

    /// <summary>The instance's Auto Scaling group (an EKS node group's), none, or not known and why.</summary>
    Task<AutoScalingAnswer> AutoScalingAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Snapshots already taken of these volumes for this case (tag <c>eksir:case</c>), so a re-run does not take them again.</summary>
    Task<IReadOnlyList<SnapshotState>> CaseSnapshotsAsync(IReadOnlyList<string> volumeIds, string caseId, CancellationToken cancellationToken = default);
}
