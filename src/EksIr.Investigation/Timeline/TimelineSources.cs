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
    public const string Docker = "docker";
    public const string ContainerFile = "container-file";
    public const string ContainerLog = "container-log";

    /// <summary>The source of a container's own rows (its creation): the runtime that ran it, docker or containerd.</summary>
    public static string OfRuntime(string runtime) => runtime == "docker" ? Docker : Containerd;

    /// <summary>Swimlane order: the cloud, the cluster, the node.</summary>
    public static readonly IReadOnlyList<string> All = [GuardDuty, CloudTrail, Audit, ControlPlane, Containerd, Docker, ContainerFile, ContainerLog, Memory];
}
