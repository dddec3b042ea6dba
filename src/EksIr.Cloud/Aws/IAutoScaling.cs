namespace EksIr.Cloud.Aws;

/// <summary>
/// The EC2 Auto Scaling calls that keep an instance from being terminated by its group (an EKS node group is one):
/// which group has it, scale-in protection, detaching. Auto Scaling speaks the AWS Query protocol, API version 2011-01-01.
/// </summary>
public interface IAutoScaling
{
    /// <summary>The instance's place in its Auto Scaling group (DescribeAutoScalingInstances), or null when no group has it.</summary>
    Task<AutoScalingMembership?> MembershipAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>SetInstanceProtection: whether the group may pick this instance when it scales in.</summary>
    Task SetScaleInProtectionAsync(string groupName, string instanceId, bool protectedFromScaleIn, CancellationToken cancellationToken = default);

    /// <summary>DetachInstances with ShouldDecrementDesiredCapacity=false: the group lets the instance go and launches a replacement.</summary>
    Task DetachAsync(string groupName, string instanceId, CancellationToken cancellationToken = default);
}

/// <summary>An instance as its Auto Scaling group describes it (AutoScalingInstanceDetails in AWS's API reference).</summary>
public sealed record AutoScalingMembership(string GroupName, string LifecycleState, string? HealthStatus, bool ProtectedFromScaleIn)
{
    public override string ToString() =>
        $"in Auto Scaling group {GroupName}: LifecycleState {LifecycleState}, HealthStatus {HealthStatus ?? "not known"}, ProtectedFromScaleIn {ProtectedFromScaleIn.ToString().ToLowerInvariant()}";
}

/// <summary>What a source knows of the instance's Auto Scaling group: a membership, none (Known and no membership), or not
/// known, with why (a snapshot without a describe-auto-scaling-instances answer, a refused call).</summary>
public sealed record AutoScalingAnswer(AutoScalingMembership? Membership, string? NotKnown = null)
{
    public bool Known => NotKnown is null;
}
