using System.Text.RegularExpressions;
using k8s.Models;

namespace EksIr.Core.Kubernetes;

/// <summary>A node as incident response needs it: the EC2 instance behind it and its addresses.</summary>
public sealed record ClusterNode(string Name, string? InstanceId, string? ProviderId, string? InternalIp, string? ExternalIp, string? Zone,
    bool Unschedulable, IReadOnlyDictionary<string, string> Labels);

/// <summary>A pod as incident response needs it: where it runs (node, instance), what it can reach, what it runs.</summary>
public sealed record ClusterPod(string Name, string Namespace, string? Uid, string? Node, string? InstanceId, bool Privileged, bool HostNetwork, bool HostPid,
    IReadOnlyList<string> HostPaths, IReadOnlyList<string> Images, string? ServiceAccount, string? Owner, string? Phase,
    IReadOnlyDictionary<string, string> Labels);

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
        var node = nodes.FirstOrDefault(n => n.Status?.Addresses?.Any(a => a.Type is "InternalIP" or "ExternalIP" && a.Address == ip) == true)
                   ?? throw new ClusterException($"{cluster.Description}: no node has the address {ip} ({nodes.Count} nodes)");
        return Node(node);
    }

    public static ClusterNode Node(V1Node node)
    {
        var provider = node.Spec?.ProviderID;
        var match = provider is null ? null : AwsProviderId().Match(provider);
        string? Address(string type) => node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address;
        return new ClusterNode(node.Metadata?.Name ?? "?", match is { Success: true } ? match.Groups["instance"].Value : null, provider,
            Address("InternalIP"), Address("ExternalIP"),
            match is { Success: true } ? match.Groups["zone"].Value : node.Metadata?.Labels is { } nodeLabels && nodeLabels.TryGetValue("topology.kubernetes.io/zone", out var zone) ? zone : null,
            node.Spec?.Unschedulable == true, Sorted(node.Metadata?.Labels));
    }

    public static async Task<ClusterPod> PodAsync(IClusterSource cluster, string name, string ns, CancellationToken cancellationToken = default)
    {
        var pod = await cluster.PodAsync(name, ns, cancellationToken).ConfigureAwait(false)
                  ?? throw new ClusterException($"{cluster.Description}: no pod {ns}/{name}");
        string? instance = null;
        if (pod.Spec?.NodeName is { } nodeName)
        {
            var node = (await cluster.NodesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(n => n.Metadata?.Name == nodeName);
            instance = node is null ? null : Node(node).InstanceId;
        }

        var containers = (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []).ToList();
        return new ClusterPod(
            pod.Metadata?.Name ?? name, pod.Metadata?.NamespaceProperty ?? ns, pod.Metadata?.Uid, pod.Spec?.NodeName, instance,
            containers.Any(c => c.SecurityContext?.Privileged == true),
            pod.Spec?.HostNetwork == true, pod.Spec?.HostPID == true,
            (pod.Spec?.Volumes ?? []).Where(v => v.HostPath is not null).Select(v => $"{v.Name}: {v.HostPath.Path}").ToList(),
            containers.Select(c => c.Image).Where(i => i is not null).Distinct().ToList(),
            pod.Spec?.ServiceAccountName,
            pod.Metadata?.OwnerReferences?.FirstOrDefault() is { } owner ? $"{owner.Kind}/{owner.Name}" : null,
            pod.Status?.Phase,
            Sorted(pod.Metadata?.Labels));
    }

    private static SortedDictionary<string, string> Sorted(IDictionary<string, string>? labels) => new(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
}
