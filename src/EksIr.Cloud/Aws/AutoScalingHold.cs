namespace EksIr.Cloud.Aws;

/// <summary>How acquisition and containment keep an instance's Auto Scaling group (an EKS node group's) from terminating it.</summary>
public enum AutoScalingHold
{
    /// <summary>DetachInstances, desired capacity kept: the group lets the instance go and launches a replacement.</summary>
    Detach,

    /// <summary>SetInstanceProtection ProtectedFromScaleIn=true: the group keeps it but does not pick it when scaling in.</summary>
    Protect,
}
