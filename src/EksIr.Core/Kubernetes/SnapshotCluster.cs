using System.Text.Json;
using EksIr.Core.Containers;
using EksIr.Core.Evidence;
using k8s;
using k8s.Models;

namespace EksIr.Core.Kubernetes;

/// <summary>
/// A cluster as a folder of <c>kubectl get … -o json</c> outputs (nodes, pods, namespaces, …: any file names, a List
/// or a single object per file), read through the evidence root. Objects of kinds not needed are ignored; a file
/// that is not JSON, or an item that does not read as its kind, is skipped and said.
/// </summary>
public sealed class SnapshotCluster : IClusterSource
{
    private readonly List<V1Node> _nodes = [];
    private readonly List<V1Pod> _pods = [];

    /// <param name="name">How to name the snapshot in messages (default: its folder in the evidence).</param>
    public SnapshotCluster(EvidenceRoot root, string folder, string? name = null)
    {
        if (!root.DirectoryExists(folder))
        {
            throw new EvidenceAccessException(folder, "no such snapshot folder in the evidence");
        }

        Description = $"snapshot {name ?? folder}";
        foreach (var file in root.Walk(folder).Where(e => e.Kind == EvidenceEntryKind.File && e.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
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

    private void Read(EvidenceRoot root, string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(root.ReadAllBytes(path, 512 << 20));
        }
        catch (JsonException e)
        {
            Problems.Add(new EvidenceProblem(path, $"line {(e.LineNumber ?? 0) + 1}", "not JSON; skipped"));
            return;
        }

        using (doc)
        {
            var items = doc.RootElement.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().ToList()
                : [doc.RootElement];
            var listKind = doc.RootElement.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            for (var i = 0; i < items.Count; i++)
            {
                var kind = items[i].TryGetProperty("kind", out var itemKind) && itemKind.ValueKind == JsonValueKind.String
                    ? itemKind.GetString()
                    : listKind?.EndsWith("List", StringComparison.Ordinal) == true ? listKind[..^4] : null;
                try
                {
                    switch (kind)
                    {
                        case "Node":
                            _nodes.Add(KubernetesJson.Deserialize<V1Node>(items[i].GetRawText()));
                            break;
                        case "Pod":
                            _pods.Add(KubernetesJson.Deserialize<V1Pod>(items[i].GetRawText()));
                            break;
                    }
                }
                catch (JsonException e)
                {
                    Problems.Add(new EvidenceProblem(path, $"item {i + 1}", $"a {kind} that does not read as one ({e.Message.Split(" Path:")[0]}); skipped"));
                }
            }
        }
    }
}
