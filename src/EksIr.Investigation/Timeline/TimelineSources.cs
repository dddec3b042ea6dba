namespace EksIr.Investigation.Timeline;

/// <summary>The sources a super-timeline row comes from, as its Source column names them.</summary>
public static class TimelineSources
{
    public const string CloudTrail = "cloudtrail";
    public const string Audit = "k8s-audit";
    public const string ControlPlane = "control-plane";
    public const string GuardDuty = "guardduty";
    public const string Memory = "memory";
    public const string Containerd = "containerd";
    public const string ContainerFile = "container-file";
    public const string ContainerLog = "container-log";

    /// <summary>Swimlane order: the cloud, the cluster, the node.</summary>
    public static readonly IReadOnlyList<string> All = [GuardDuty, CloudTrail, Audit, ControlPlane, Containerd, ContainerFile, ContainerLog, Memory];
}
