using System.Text.Json;
using EksIr.Core.Containers.Docker;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Core.Containers.Containerd;

/// <summary>
/// containerd images as an analyst sees them (crictl's view): one entry per config digest, with every name
/// (reference) pointing at it, size from the manifest's layers, creation time and history from the config.
/// An image whose manifest blob carries no <c>containerd.io/distribution.source.*</c> label was not pulled from
/// a registry (imported or built on the node).
/// </summary>
public sealed class ContainerdImages(EvidenceRoot root, ContainerdMetadataStore meta)
{
    private readonly List<EvidenceProblem> _problems = [];

    public IReadOnlyList<EvidenceProblem> Problems => _problems;

    public IReadOnlyList<ImageRecord> List(IReadOnlyCollection<string> imageIdsInUse) =>
        Resolved().GroupBy(i => (i.Namespace, i.ConfigId))
            .Select(g => new ImageRecord(
                g.Key.ConfigId,
                "containerd",
                g.Select(i => i.Image.Name).Order(StringComparer.Ordinal).ToArray(),
                false,
                g.First().Created,
                g.First().Size,
                null,
                g.All(i => !meta.PulledFromRegistry(i.Namespace, i.Image.Digest!)),
                imageIdsInUse.Contains(g.Key.ConfigId),
                g.Select(i => i.Image.Digest!).Distinct(StringComparer.Ordinal).ToArray()))
            .OrderByDescending(i => i.CreatedAt)
            .ToArray();

    /// <summary>The config digest (the image id) of each image name, per namespace.</summary>
    public IReadOnlyDictionary<(string Namespace, string Name), string> ConfigIds() =>
        Resolved().ToDictionary(i => (i.Namespace, i.Image.Name), i => i.ConfigId);

    public ImageHistory History(string image)
    {
        var wanted = image.Contains(':') && image.StartsWith("sha256:", StringComparison.Ordinal) ? image : "sha256:" + image;
        var matches = Resolved().Where(i => i.Image.Name == image || i.ConfigId.StartsWith(wanted, StringComparison.Ordinal)).ToArray();
        if (matches.Length == 0)
        {
            throw new EvidenceAccessException(image, "no image with this name or id on the node");
        }

        var match = matches[0];
        using var config = new ContainerdContent(root, _problems).Blob(match.ConfigId)
                           ?? throw new EvidenceAccessException(ContainerdContent.BlobPath(match.ConfigId), "image config unreadable");
        var steps = ImageHistoryRow.FromConfig(config.RootElement);
        return new ImageHistory(match.Image.Name, match.ConfigId, steps);
    }

    private List<(string Namespace, ContainerdImage Image, string ConfigId, PreciseTime? Created, long? Size)>? _resolved;

    private List<(string Namespace, ContainerdImage Image, string ConfigId, PreciseTime? Created, long? Size)> Resolved()
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        var content = new ContainerdContent(root, _problems);
        _resolved = [];
        foreach (var ns in meta.Namespaces())
        {
            foreach (var image in meta.Images(ns).Where(i => i.Digest is not null))
            {
                using var manifest = content.Manifest(image.Digest!, image.MediaType);
                if (manifest?.RootElement.Str("config", "digest") is not { } configId)
                {
                    continue;
                }

                long? size = manifest.RootElement.Get("layers") is { ValueKind: JsonValueKind.Array } layers
                    ? layers.EnumerateArray().Sum(l => l.Get("size") is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var v) ? v : 0)
                    : null;
                using var config = content.Blob(configId);
                _resolved.Add((ns, image, configId, config is null ? null : Rfc3339.TryParse(config.RootElement.Str("created")), size));
            }
        }

        return _resolved;
    }
}
