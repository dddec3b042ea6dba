using System.Text.RegularExpressions;
using k8s.Models;
using EksIr.Core.Reporting;

namespace EksIr.Cloud.Kubernetes;

/// <summary>A node as incident response needs it: the EC2 instance behind it and its addresses.</summary>
public sealed record ClusterNode(string Name, string? InstanceId, string? ProviderId, string? InternalIp, string? ExternalIp, string? Zone,
    bool Unschedulable, IReadOnlyDictionary<string, string> Labels);

/// <summary>A pod as incident response needs it: where it runs (node, instance), what it can reach, what it runs.</summary>
public sealed record ClusterPod(string Name, string Namespace, string? Uid, string? Node, string? InstanceId, bool Privileged, bool HostNetwork, bool HostPid,
    IReadOnlyList<string> HostPaths, IReadOnlyList<string> Images, string? ServiceAccount, string? Owner, string? Phase,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The IAM role of the pod's service account (IRSA annotation <c>eks.amazonaws.com/role-arn</c>), when it has one.</summary>
    public string? ServiceAccountRoleArn { get; init; }

    /// <summary>RBAC bindings granting something to the pod's service account; null when not known.</summary>
    public IReadOnlyList<string>? Bindings { get; init; }

    /// <summary>NetworkPolicies in the pod's namespace that select it; null when not known.</summary>
    public IReadOnlyList<string>? NetworkPolicies { get; init; }

    /// <summary>The containers the kubelet reported running (status.containerStatuses): name, runtime and id, the pivot to the node's disk.</summary>
    public IReadOnlyList<PodContainerId> ContainerIds { get; init; } = [];

    /// <summary>The pod's events, oldest first; null when not known.</summary>
    public IReadOnlyList<PodEvent>? Events { get; init; }

    /// <summary>Why something above is not known (not in the snapshot, forbidden).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>A container of a pod as its status names it (<c>containerd://ID</c>): its name, runtime and id.</summary>
public sealed record PodContainerId(string Name, string Runtime, string Id);

/// <summary>One Kubernetes event about a pod.</summary>
public sealed record PodEvent(DateTimeOffset? Time, string? Type, string? Reason, string? Source, string? Message, int Count);

/// <summary>The <c>k8s node</c> and <c>k8s pod</c> verbs.</summary>
public static partial class ClusterLookups
{
    [GeneratedRegex(@"^aws:///(?<zone>[^/]*)/(?<instance>i-[0-9a-f]+)$")]
    private static partial Regex AwsProviderId();

    /// <summary>The node whose InternalIP or ExternalIP is exactly this address (never a substring match).</summary>
    public static async Task<ClusterNode> NodeByIpAsync(IClusterSource cluster, string ip, CancellationToken cancellationToken = default)
    {
        if (!System.Net.IPAddress.TryParse(ip, out _))
        {
            throw new ClusterException($"--ip {ip}: not an IP address");
        }

        var nodes = await cluster.NodesAsync(cancellationToken).ConfigureAwait(false);
        var node = nodes.FirstOrDefault(n => n.Status?.Addresses?.Any(a => a.Type is "InternalIP" or "ExternalIP" && a.Address == ip) == true);
        if (node is null)
        {
            var redacted = nodes.Count(n => n.Status?.Addresses?.Any(a => a.Type is "InternalIP" or "ExternalIP" && !string.IsNullOrEmpty(a.Address)
                                                                         && !System.Net.IPAddress.TryParse(a.Address, out _)) == true);
            throw new ClusterException($"{cluster.Description}: no node has the address {ip} ({Counted.Of(nodes.Count, "node")}"
                                       + (redacted > 0 ? $"; {redacted} of them with addresses that are not IP addresses, such as a collector's redaction" : "") + ")");
        }

        return Node(node);
    }

    public static ClusterNode Node(V1Node node)
    {
        var provider = node.Spec?.ProviderID;
        var match = provider is null ? null : AwsProviderId().Match(provider);
        // GKE writes an ExternalIP of "" on nodes without one, support-bundle collectors "***HIDDEN***": not addresses.
        string? Address(string type) => node.Status?.Addresses?.FirstOrDefault(a => a.Type == type && System.Net.IPAddress.TryParse(a.Address ?? "", out _))?.Address;
        string? Label(string key) => node.Metadata?.Labels is { } nodeLabels && nodeLabels.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
        return new ClusterNode(node.Metadata?.Name ?? "?", match is { Success: true } ? match.Groups["instance"].Value : null, provider,
            Address("InternalIP"), Address("ExternalIP"),
            // Nodes before Kubernetes 1.17 carry only the beta zone label.
            match is { Success: true } ? match.Groups["zone"].Value : Label("topology.kubernetes.io/zone") ?? Label("failure-domain.beta.kubernetes.io/zone"),
            node.Spec?.Unschedulable == true, Sorted(node.Metadata?.Labels));
    }

    public static async Task<ClusterPod> PodAsync(IClusterSource cluster, string name, string ns, CancellationToken cancellationToken = default)
    {
        var pod = await cluster.PodAsync(name, ns, cancellationToken).ConfigureAwait(false)
                  ?? throw new ClusterException($"{cluster.Description}: no pod {ns}/{name}");
        string? instance = null;
        var notes = new List<string>();
        if (pod.Spec?.NodeName is { } nodeName)
        {
            var node = (await cluster.NodesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(n => n.Metadata?.Name == nodeName);
            instance = node is null ? null : Node(node).InstanceId;
            if (instance is null)
            {
                notes.Add(node is null ? $"instance: node {nodeName} is not in the {cluster.Description}"
                    : node.Spec?.ProviderID is { } provider ? $"instance: node {nodeName}'s providerID '{provider}' is not an EC2 instance (aws:///ZONE/i-…)"
                    : $"instance: node {nodeName} has no providerID");
            }
        }

        var containers = (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []).ToList();
        var podNs = pod.Metadata?.NamespaceProperty ?? ns;
        var saName = pod.Spec?.ServiceAccountName ?? "default";
        var serviceAccounts = await Optional(cluster.ServiceAccountsAsync, "service accounts", cluster, notes, cancellationToken).ConfigureAwait(false);
        var roleBindings = await Optional(cluster.RoleBindingsAsync, "rolebindings", cluster, notes, cancellationToken).ConfigureAwait(false);
        var clusterRoleBindings = await Optional(cluster.ClusterRoleBindingsAsync, "clusterrolebindings", cluster, notes, cancellationToken).ConfigureAwait(false);
        var policies = await Optional(cluster.NetworkPoliciesAsync, "networkpolicies", cluster, notes, cancellationToken).ConfigureAwait(false);
        var events = await Optional(cluster.EventsAsync, "events", cluster, notes, cancellationToken).ConfigureAwait(false);
        var labels = pod.Metadata?.Labels ?? new Dictionary<string, string>();
        return new ClusterPod(
            pod.Metadata?.Name ?? name, pod.Metadata?.NamespaceProperty ?? ns, pod.Metadata?.Uid, pod.Spec?.NodeName, instance,
            containers.Any(c => c.SecurityContext?.Privileged == true),
            pod.Spec?.HostNetwork == true, pod.Spec?.HostPID == true,
            (pod.Spec?.Volumes ?? []).Where(v => v.HostPath is not null).Select(v => $"{v.Name}: {v.HostPath.Path}").ToList(),
            containers.Select(c => c.Image).Where(i => i is not null).Distinct().ToList(),
            pod.Spec?.ServiceAccountName,
            pod.Metadata?.OwnerReferences?.FirstOrDefault() is { } owner ? $"{owner.Kind}/{owner.Name}" : null,
            pod.Status?.Phase,
            Sorted(pod.Metadata?.Labels))
        {
            ServiceAccountRoleArn = serviceAccounts?.FirstOrDefault(a => a.Metadata?.Name == saName && a.Metadata?.NamespaceProperty == podNs)?.Metadata?.Annotations
                is { } annotations && annotations.TryGetValue("eks.amazonaws.com/role-arn", out var arn) ? arn : null,
            Bindings = roleBindings is null || clusterRoleBindings is null ? null : RbacBindings.ForServiceAccount(saName, podNs, roleBindings, clusterRoleBindings),
            NetworkPolicies = policies?.Where(p => p.Metadata?.NamespaceProperty == podNs && LabelSelectors.Selects(p.Spec?.PodSelector, labels))
                .Select(p => p.Metadata!.Name).ToList(),
            Events = events?.Where(e => e.InvolvedObject?.Kind == "Pod" && e.InvolvedObject.Name == (pod.Metadata?.Name ?? name) && (e.InvolvedObject.NamespaceProperty ?? podNs) == podNs
                                        && (e.InvolvedObject.Uid is null || pod.Metadata?.Uid is null || e.InvolvedObject.Uid == pod.Metadata.Uid))
                .Select(e => new PodEvent(Time(e), e.Type, e.Reason, e.Source?.Component ?? e.ReportingComponent, e.Message, e.Count ?? 1))
                .OrderBy(e => e.Time).ToList(),
            ContainerIds = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? [])
                .Where(c => c.ContainerID?.Contains("://", StringComparison.Ordinal) == true)
                .Select(c => new PodContainerId(c.Name, c.ContainerID[..c.ContainerID.IndexOf("://", StringComparison.Ordinal)], c.ContainerID[(c.ContainerID.IndexOf("://", StringComparison.Ordinal) + 3)..]))
                .ToList(),
            Notes = notes,
        };
    }

    private static DateTimeOffset? Time(Corev1Event e) =>
        (e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata?.CreationTimestamp) is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    /// <summary>A list the pod card can do without: not known (not in a snapshot) or not allowed (403) becomes a note, not a failure.</summary>
    private static async Task<IReadOnlyList<T>?> Optional<T>(Func<CancellationToken, Task<IReadOnlyList<T>?>> list, string what, IClusterSource cluster, List<string> notes,
        CancellationToken cancellationToken)
    {
        try
        {
            var items = await list(cancellationToken).ConfigureAwait(false);
            if (items is null)
            {
                notes.Add($"{what}: not in the {cluster.Description}");
            }

            return items;
        }
        catch (ClusterException e)
        {
            notes.Add($"{what}: {e.Message}");
            return null;
        }
    }

    private static SortedDictionary<string, string> Sorted(IDictionary<string, string>? labels) => new(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
}
