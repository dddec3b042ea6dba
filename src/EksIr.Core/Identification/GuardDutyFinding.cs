using EksIr.Core.Time;

namespace EksIr.Core.Identification;

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
    string? Description);

public sealed record GuardDutyWorkload(string? Name, string? Type, string? Namespace, string? Uid, bool? HostNetwork);

public sealed record GuardDutyContainer(string? Name, string? Image, bool? Privileged);

/// <summary>The process Runtime Monitoring saw (service.runtimeDetails.process).</summary>
public sealed record GuardDutyProcess(string? Name, string? ExecutablePath, int? Pid, string? ExecutableSha256, string? User);

/// <summary>
/// The Kubernetes API call or network connection GuardDuty saw: for an API call its verb, URI, source addresses,
/// user agent and status; for a connection its direction and the remote address:port/protocol.
/// </summary>
public sealed record GuardDutyAction(string? Type, string? Verb, string? RequestUri, IReadOnlyList<string> SourceIps, string? UserAgent, int? StatusCode);
