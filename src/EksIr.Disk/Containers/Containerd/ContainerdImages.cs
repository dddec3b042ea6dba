using System.Text.Json;
using System.Text.RegularExpressions;
using EksIr.Disk.Containers.Docker;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Containerd;

/// <summary>
/// containerd images as an analyst sees them (crictl's view): one entry per config digest, with every name
/// (reference) pointing at it, size from the manifest's layers, creation time and history from the config.
/// An image whose manifest blob carries no <c>containerd.io/distribution.source.*</c> label was not pulled from
/// a registry (imported or built on the node); one whose blob has no labels at all cannot be judged. An image meta.db
/// names whose manifest blob is gone is still listed, by its names and manifest digest (its id is the config digest
/// the CRI plugin named it by, <c>sha256:&lt;config&gt;</c> pointing at the same manifest, where there is one), with
/// what is missing said.
/// </summary>
public sealed partial class ContainerdImages(EvidenceRoot root, ContainerdMetadataStore meta)
{
    private readonly List<EvidenceProblem> _problems = [];

    public IReadOnlyList<EvidenceProblem> Problems => _problems;

    public IReadOnlyList<ImageRecord> List(IReadOnlyCollection<string> imageIdsInUse) =>
        Resolved().GroupBy(i => (i.Namespace, i.Id))
            .Select(g => new ImageRecord(
                g.Key.Id,
                "containerd",
                g.Select(i => i.Image.Name).Order(StringComparer.Ordinal).ToArray(),
                false,
                g.First().Created,
                g.First().Size,
                null,
                BuiltOnNode(g.Select(i => meta.PulledFromRegistry(i.Namespace, i.Image.Digest!)).ToArray()),
                imageIdsInUse.Contains(g.Key.Id),
                g.Select(i => i.Image.Digest!).Distinct(StringComparer.Ordinal).ToArray(),
                g.Select(i => i.Missing).FirstOrDefault(m => m is not null)))
            .OrderByDescending(i => i.CreatedAt)
            .ToArray();

    /// <summary>Pulled if any name's manifest came from a registry; built here if every one is known not to; else unknown.</summary>
    private static bool? BuiltOnNode(bool?[] pulled) =>
        pulled.Any(p => p == true) ? false : pulled.All(p => p == false) ? true : null;

    /// <summary>The config digest (the image id) of each image name, per namespace (the manifest digest where the manifest is gone).</summary>
    public IReadOnlyDictionary<(string Namespace, string Name), string> ConfigIds() =>
        Resolved().ToDictionary(i => (i.Namespace, i.Image.Name), i => i.Id);

    public ImageHistory History(string image)
    {
        var wanted = image.Contains(':') && image.StartsWith("sha256:", StringComparison.Ordinal) ? image : "sha256:" + image;
        var matches = Resolved().Where(i => i.Image.Name == image || i.Id.StartsWith(wanted, StringComparison.Ordinal)).ToArray();
        if (matches.Length == 0)
        {
            throw new EvidenceAccessException(image, "no image with this name or id on the node");
        }

        var match = matches[0];
        if (match.Missing is { } missing)
        {
            throw new EvidenceAccessException(image, $"the image's {missing}; its history is in its config");
        }

        using var config = new ContainerdContent(root, _problems).Blob(match.Id)
                           ?? throw new EvidenceAccessException(ContainerdContent.BlobPath(match.Id), "image config unreadable");
        var steps = ImageHistoryRow.FromConfig(config.RootElement);
        return new ImageHistory(match.Image.Name, match.Id, steps);
    }

    private sealed record Resolution(string Namespace, ContainerdImage Image, string Id, PreciseTime? Created, long? Size, string? Missing);

    private List<Resolution>? _resolved;

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex CriImageId();

    private List<Resolution> Resolved()
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        var content = new ContainerdContent(root, _problems);
        _resolved = [];
        foreach (var ns in meta.Namespaces())
        {
            var images = meta.Images(ns).Where(i => i.Digest is not null).ToArray();
            foreach (var image in images)
            {
                try
                {
                    _resolved.Add(Resolve(content, ns, image, images));
                }
                catch (EvidenceAccessException e)
                {
                    _problems.Add(new EvidenceProblem(ContainerdPaths.MetaDb, $"v1/{ns}/images/{image.Name}/target/digest", e.Reason));
                }
            }
        }

        return _resolved;
    }

    private Resolution Resolve(ContainerdContent content, string ns, ContainerdImage image, ContainerdImage[] all)
    {
        var digest = image.Digest!;
        using var manifest = content.Manifest(digest, image.MediaType);
        if (manifest?.RootElement.Str("config", "digest") is not { } configId)
        {
            // The CRI plugin names every image it manages by its config digest as well; that name still gives the id.
            var criName = all.FirstOrDefault(i => i.Digest == digest && CriImageId().IsMatch(i.Name))?.Name;
            var what = manifest is not null ? $"manifest {digest} names no config"
                : root.FileExists(ContainerdContent.BlobPath(digest)) ? $"manifest {digest} unreadable (or an index whose manifest is gone)"
                : $"manifest {digest} not in the content store";
            return new Resolution(ns, image, criName ?? digest, null, null, what);
        }

        var size = manifest.RootElement.Get("layers") is { ValueKind: JsonValueKind.Array } layers ? LayerSizes(layers) : null;
        using var config = content.Blob(configId);
        return new Resolution(ns, image, configId, config is null ? null : Rfc3339.TryParse(config.RootElement.Str("created")), size,
            config is null ? $"config {configId} not in the content store or unreadable" : null);
    }

    /// <summary>The sum of the layers' sizes; null when one is not a size (negative, not a number) or the sum overflows.</summary>
    private static long? LayerSizes(JsonElement layers)
    {
        long total = 0;
        foreach (var layer in layers.EnumerateArray())
        {
            if (layer.Get("size") is not { ValueKind: JsonValueKind.Number } n || !n.TryGetInt64(out var size) || size < 0 || size > long.MaxValue - total)
            {
                return null;
            }

            total += size;
        }

        return total;
    }
}
