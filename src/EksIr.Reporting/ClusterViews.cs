using EksIr.Cloud.Kubernetes;
using EksIr.Core.Reporting;

namespace EksIr.Reporting;

/// <summary>A cluster node and a pod as field/value cards.</summary>
public static class ClusterViews
{
    /// <summary>What a card shows where the cluster reported nothing for a field (a blank cell would read as "empty").</summary>
    public const string None = "none";

    public static IReadOnlyList<IReadOnlyList<string?>> Node(ClusterNode n) => Said(
    [
        ["Node", n.Name], ["EC2 instance", n.InstanceId ?? "not known (no aws:// provider id)"], ["Provider id", n.ProviderId], ["Internal IP", n.InternalIp], ["External IP", n.ExternalIp],
        ["Zone", n.Zone], ["Cordoned", n.Unschedulable ? "yes" : "no"],
        ["Node group", n.Labels.GetValueOrDefault("eks.amazonaws.com/nodegroup") ?? "none (no eks.amazonaws.com/nodegroup label)"],
    ]);

    /// <summary>Rows with every blank cell said as <see cref="None"/>.</summary>
    private static IReadOnlyList<IReadOnlyList<string?>> Said(IEnumerable<IReadOnlyList<string?>> rows) =>
        [.. rows.Select(r => (IReadOnlyList<string?>)[.. r.Select(c => string.IsNullOrWhiteSpace(c) ? None : c)])];

    public static IReadOnlyList<IReadOnlyList<string?>> Pod(ClusterPod p) => Said(
    [
        ["Pod", $"{p.Namespace}/{p.Name}"], ["Uid", p.Uid], ["Phase", p.Phase], ["Node", p.Node ?? "none (not scheduled)"], ["EC2 instance", p.InstanceId ?? (p.Node is null ? "none" : "not known")],
        ["Privileged", p.Privileged ? "YES" : "no"], ["Host network", p.HostNetwork ? "yes" : "no"], ["Host PID", p.HostPid ? "yes" : "no"],
        ["Host paths", string.Join(", ", p.HostPaths)], ["Images", string.Join(", ", p.Images)],
        ["Containers", p.ContainerIds.Count == 0 ? "none reported running" : string.Join(", ", p.ContainerIds.Select(c => $"{c.Name} {c.Runtime}://{c.Id}"))], ["Service account", p.ServiceAccount], ["Owner", p.Owner ?? "none (a bare pod)"],
        ["Labels", string.Join(", ", p.Labels.Select(l => $"{l.Key}={l.Value}"))],
        ["IAM role (IRSA)", p.ServiceAccountRoleArn ?? (p.Notes.Any(n => n.StartsWith("service accounts", StringComparison.Ordinal)) ? "not known" : "none")],
        ["RBAC bindings", p.Bindings is null ? "not known" : p.Bindings.Count == 0 ? "none" : string.Join("; ", p.Bindings)],
        ["NetworkPolicies", p.NetworkPolicies is null ? "not known" : p.NetworkPolicies.Count == 0 ? "none select it" : string.Join(", ", p.NetworkPolicies)],
        ["Events", p.Events is null ? "not known" : p.Events.Count == 0 ? "none (events expire after an hour)"
            : string.Join("; ", p.Events.Select(e => $"{(e.Time is { } t ? EksIr.Core.Time.Rfc3339.Format(t) : "")} {e.Type} {e.Reason} ({e.Source}){(e.Count > 1 ? $" ×{e.Count}" : "")}: {e.Message}"))],
        .. p.Notes.Select(n => (IReadOnlyList<string?>)["Not known", n]),
    ]);
}
