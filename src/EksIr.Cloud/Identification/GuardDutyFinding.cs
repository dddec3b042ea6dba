using EksIr.Core.Time;

namespace EksIr.Cloud.Identification;

/// <summary>
/// One GuardDuty finding as an analyst needs it to start: what (type, severity, title), when, which cluster, which
/// node (instance id, private and public addresses and names), which workload and containers, and whose
/// credentials (access key id, user name, Kubernetes user and groups), and the API call behind it.
/// </summary>
public sealed record GuardDutyFinding(
    string Id,
    string Type,
    double Severity,
    string SeverityLabel,
    string? Title,
    PreciseTime? Time,
    string? Account,
    string? Region,
    string? Cluster,
    string? ClusterArn,
    string? InstanceId,
    IReadOnlyList<string> PrivateIps,
    IReadOnlyList<string> PublicIps,
    IReadOnlyList<string> DnsNames,
    GuardDutyWorkload? Workload,
    IReadOnlyList<GuardDutyContainer> Containers,
    string? AccessKeyId,
    string? UserName,
    IReadOnlyList<string> KubernetesGroups,
    GuardDutyAction? Action,
    GuardDutyProcess? Process,
    string? Description)
{
    /// <summary>What Runtime Monitoring's process acted on (service.runtimeDetails.context), as name/value pairs.</summary>
    public IReadOnlyList<GuardDutyContextField> RuntimeContext { get; init; } = [];
}

public sealed record GuardDutyWorkload(string? Name, string? Type, string? Namespace, string? Uid, bool? HostNetwork);

/// <summary>
/// A container of the finding: the pod's (name, image, privileged) and, for the one Runtime Monitoring saw
/// (resource.containerDetails), its id and runtime (containerd, docker) — the pivot to the node's container.
/// </summary>
public sealed record GuardDutyContainer(string? Name, string? Image, bool? Privileged, string? Id = null, string? Runtime = null);

/// <summary>The process Runtime Monitoring saw (service.runtimeDetails.process), and its lineage nearest parent first.</summary>
public sealed record GuardDutyProcess(string? Name, string? ExecutablePath, int? Pid, string? ExecutableSha256, string? User)
{
    /// <summary>The PID inside the container's PID namespace.</summary>
    public int? NamespacePid { get; init; }

    public string? WorkingDirectory { get; init; }

    public PreciseTime? StartTime { get; init; }

    public string? Uuid { get; init; }

    public string? ParentUuid { get; init; }

    public int? UserId { get; init; }

    public int? EffectiveUserId { get; init; }

    public IReadOnlyList<GuardDutyAncestor> Lineage { get; init; } = [];
}

/// <summary>A parent (grandparent, …) of the process, as GuardDuty's lineage lists it.</summary>
public sealed record GuardDutyAncestor(int? Pid, string? Name, string? ExecutablePath, int? EffectiveUserId, string? Uuid);

/// <summary>One field of what the process acted on (service.runtimeDetails.context), e.g. releaseAgentPath, modifyingProcess.name.</summary>
public sealed record GuardDutyContextField(string Name, string Value);

/// <summary>
/// The Kubernetes API call or network connection GuardDuty saw: for an API call its verb, URI, source addresses,
/// user agent and status; for a connection its direction and the remote address:port/protocol.
/// </summary>
public sealed record GuardDutyAction(string? Type, string? Verb, string? RequestUri, IReadOnlyList<string> SourceIps, string? UserAgent, int? StatusCode);
