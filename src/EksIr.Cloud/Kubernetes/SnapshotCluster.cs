using System.Text.Json;
using EksIr.Core.Evidence;
using k8s;
using k8s.Models;

namespace EksIr.Cloud.Kubernetes;

/// <summary>
/// A cluster as a folder of <c>kubectl get … -o json</c> outputs (nodes, pods, namespaces, events, serviceaccounts,
/// rolebindings, clusterrolebindings, networkpolicies: any file names, a List
/// or a single object per file, or a bare JSON array of objects as support-bundle collectors wrote them), read through
/// the evidence root. An item without <c>kind</c> takes its List's kind (the API server's NodeList items have none) or
/// its file name's (nodes.json, pods.json, …). Objects of kinds not needed are ignored; a file that is not JSON, an
/// item whose kind nothing tells, or an item that does not read as its kind, is skipped and said. A node address
/// (InternalIP, ExternalIP) that is not an IP address — collectors redact them as <c>***HIDDEN***</c> — is said.
/// </summary>
public sealed class SnapshotCluster : IClusterSource
{
    private readonly List<V1Node> _nodes = [];
    private readonly List<V1Pod> _pods = [];
    private readonly List<Corev1Event> _events = [];
    private readonly List<V1ServiceAccount> _serviceAccounts = [];
    private readonly List<V1RoleBinding> _roleBindings = [];
    private readonly List<V1ClusterRoleBinding> _clusterRoleBindings = [];
    private readonly List<V1NetworkPolicy> _networkPolicies = [];
    private readonly HashSet<string> _kindsKnown = [];

    /// <param name="name">How to name the snapshot in messages (default: its folder in the evidence).</param>
    public SnapshotCluster(EvidenceRoot root, string folder, string? name = null)
    {
        if (!root.DirectoryExists(folder))
        {
            throw new EvidenceAccessException(folder, "no such snapshot folder in the evidence");
        }

        Description = $"snapshot {name ?? folder}";
        foreach (var file in root.Walk(folder, Problems, "the objects in it are not read").Where(e => e.Kind == EvidenceEntryKind.File && e.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            Read(root, file.Path);
        }
    }

    public string Description { get; }

    public List<EvidenceProblem> Problems { get; } = [];

    public Task<IReadOnlyList<V1Node>> NodesAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<V1Node>>(_nodes);

    public Task<IReadOnlyList<V1Pod>> PodsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<V1Pod>>(_pods);

    public Task<V1Pod?> PodAsync(string name, string ns, CancellationToken cancellationToken = default) =>
        Task.FromResult(_pods.FirstOrDefault(p => p.Metadata?.Name == name && (p.Metadata?.NamespaceProperty ?? "default") == ns));

    public Task<IReadOnlyList<Corev1Event>?> EventsAsync(CancellationToken cancellationToken = default) => Known("Event", _events);

    public Task<IReadOnlyList<V1ServiceAccount>?> ServiceAccountsAsync(CancellationToken cancellationToken = default) => Known("ServiceAccount", _serviceAccounts);

    public Task<IReadOnlyList<V1RoleBinding>?> RoleBindingsAsync(CancellationToken cancellationToken = default) => Known("RoleBinding", _roleBindings);

    public Task<IReadOnlyList<V1ClusterRoleBinding>?> ClusterRoleBindingsAsync(CancellationToken cancellationToken = default) =>
        Known("ClusterRoleBinding", _clusterRoleBindings);

    public Task<IReadOnlyList<V1NetworkPolicy>?> NetworkPoliciesAsync(CancellationToken cancellationToken = default) => Known("NetworkPolicy", _networkPolicies);

    /// <summary>The objects of a kind, or null when the snapshot holds none and no file says it listed that kind
    /// (an empty <c>kubectl get networkpolicies -o json</c> is a List with no items: its file name tells the kind).</summary>
    private Task<IReadOnlyList<T>?> Known<T>(string kind, List<T> items) =>
        Task.FromResult<IReadOnlyList<T>?>(items.Count > 0 || _kindsKnown.Contains(kind) ? items : null);

    private static readonly Dictionary<string, string> KindOfFileName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["nodes"] = "Node", ["pods"] = "Pod", ["events"] = "Event", ["serviceaccounts"] = "ServiceAccount", ["rolebindings"] = "RoleBinding",
        ["clusterrolebindings"] = "ClusterRoleBinding", ["networkpolicies"] = "NetworkPolicy",
    };

    private void Read(EvidenceRoot root, string path)
    {
        JsonDocument doc;
        try
        {
            doc = EvidenceJson.Parse(root.ReadAllBytes(path, 512 << 20), path, Problems);
        }
        catch (JsonException e)
        {
            Problems.Add(new EvidenceProblem(path, EvidenceJson.Where(e), $"not JSON ({EvidenceJson.Why(e)}); skipped"));
            return;
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                Problems.Add(new EvidenceProblem(path, "top level", $"a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}, not a kubectl object or List; skipped"));
                return;
            }

            var items = doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.EnumerateArray().ToList()
                : doc.RootElement.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().ToList()
                    : [doc.RootElement];
            var listKind = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String
                ? k.GetString()
                : null;
            if (listKind?.EndsWith("List", StringComparison.Ordinal) == true && listKind.Length > 4)
            {
                _kindsKnown.Add(listKind[..^4]);
            }

            var fileKind = KindOfFileName.GetValueOrDefault(Path.GetFileNameWithoutExtension(path));
            if (fileKind is not null)
            {
                _kindsKnown.Add(fileKind);
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].ValueKind != JsonValueKind.Object)
                {
                    Problems.Add(new EvidenceProblem(path, $"item {i + 1}", $"a JSON {items[i].ValueKind.ToString().ToLowerInvariant()}, not an object; skipped"));
                    continue;
                }

                var kind = items[i].TryGetProperty("kind", out var itemKind) && itemKind.ValueKind == JsonValueKind.String
                    ? itemKind.GetString()
                    : listKind is { Length: > 4 } && listKind.EndsWith("List", StringComparison.Ordinal) && listKind != "List" ? listKind[..^4] : fileKind;
                if (kind is null)
                {
                    Problems.Add(new EvidenceProblem(path, $"item {i + 1}", "an object with no kind, in a file whose List and name do not tell it; skipped"));
                    continue;
                }

                try
                {
                    switch (kind)
                    {
                        case "Node":
                            var node = KubernetesJson.Deserialize<V1Node>(QuantityGuard.Checked(items[i], path, $"item {i + 1}", Problems));
                            SayAddressesThatAreNotIps(node, path, i);
                            _nodes.Add(node);
                            break;
                        case "Pod":
                            _pods.Add(KubernetesJson.Deserialize<V1Pod>(QuantityGuard.Checked(items[i], path, $"item {i + 1}", Problems)));
                            break;
                        case "Event":
                            _events.Add(KubernetesJson.Deserialize<Corev1Event>(items[i].GetRawText()));
                            break;
                        case "ServiceAccount":
                            _serviceAccounts.Add(KubernetesJson.Deserialize<V1ServiceAccount>(items[i].GetRawText()));
                            break;
                        case "RoleBinding":
                            _roleBindings.Add(KubernetesJson.Deserialize<V1RoleBinding>(items[i].GetRawText()));
                            break;
                        case "ClusterRoleBinding":
                            _clusterRoleBindings.Add(KubernetesJson.Deserialize<V1ClusterRoleBinding>(items[i].GetRawText()));
                            break;
                        case "NetworkPolicy":
                            _networkPolicies.Add(KubernetesJson.Deserialize<V1NetworkPolicy>(items[i].GetRawText()));
                            break;
                    }
                }
                catch (Exception e) when (e is JsonException or FormatException or NotSupportedException or InvalidOperationException or OverflowException
                                               or ArgumentException)
                {
                    // KubernetesClient's converters throw more than JsonException: FormatException for a quantity or time
                    // that does not parse, NotSupportedException for an int-or-string that is an object.
                    var why = e is JsonException j ? EvidenceJson.Why(j) : e.Message.Split(" Path:")[0];
                    var at = e is JsonException { Path: { } jsonPath } ? $" at {jsonPath}" : "";
                    Problems.Add(new EvidenceProblem(path, $"item {i + 1}", $"a {kind} that does not read as one{at} ({why}); skipped"));
                }
            }
        }
    }

    private void SayAddressesThatAreNotIps(V1Node node, string path, int index)
    {
        var odd = (node.Status?.Addresses ?? []).Where(a => a.Type is "InternalIP" or "ExternalIP" && !string.IsNullOrEmpty(a.Address)
                                                            && !System.Net.IPAddress.TryParse(a.Address, out _)).ToList();
        if (odd.Count > 0)
        {
            Problems.Add(new EvidenceProblem(path, $"item {index + 1}",
                $"node {node.Metadata?.Name}: {string.Join(", ", odd.Select(a => $"{a.Type} '{a.Address}'"))} not an IP address (redacted by the collector?); finding the node by IP cannot find it"));
        }
    }
}
