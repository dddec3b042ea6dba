using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Docker;

/// <summary>
/// Docker's image store (overlay2): names from <c>repositories.json</c>, configs from
/// <c>imagedb/content/sha256/&lt;id&gt;</c>, local-build parents from <c>imagedb/metadata/sha256/&lt;id&gt;/parent</c>,
/// sizes from <c>layerdb/sha256/&lt;chain id&gt;/size</c>.
/// </summary>
public sealed class DockerImages(EvidenceRoot root)
{
    private readonly List<EvidenceProblem> _problems = [];

    public IReadOnlyList<EvidenceProblem> Problems => _problems;

    public IReadOnlyList<ImageRecord> List(IReadOnlyCollection<string> imageIdsInUse)
    {
        if (DockerStore.UnreadDriver(root) is { } driver)
        {
            var problem = DockerStore.NotRead(driver, "its images are not listed");
            _problems.Add(new EvidenceProblem(problem.EvidencePath, "", problem.Reason));
            return [];
        }

        var names = Names(out var digests);
        var ids = root.DirectoryExists(DockerPaths.ImageConfigs)
            ? root.Walk(DockerPaths.ImageConfigs, _problems, "the images in it are not listed").Where(e => e.Kind == EvidenceEntryKind.File).Select(e => "sha256:" + Path.GetFileName(e.Path)).ToArray()
            : [];
        var parents = ids.ToDictionary(id => id, Parent, StringComparer.Ordinal);
        var children = parents.Values.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var images = new List<ImageRecord>();
        foreach (var id in ids)
        {
            using var config = Config(id);
            var imageNames = names.GetValueOrDefault(id) ?? [];
            var imageDigests = digests.GetValueOrDefault(id) ?? [];
            images.Add(new ImageRecord(
                id,
                "docker",
                imageNames,
                imageNames.Count == 0 && !children.Contains(id),
                config is null ? null : Rfc3339.TryParse(config.RootElement.Str("created")),
                config is null ? null : Size(id, config.RootElement),
                parents[id],
                parents[id] is not null || imageDigests.Count == 0,
                imageIdsInUse.Contains(id),
                imageDigests));
        }

        return images.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The history of an image (by id, id prefix or name), newest step first, as docker history shows it.</summary>
    public ImageHistory History(string image)
    {
        if (DockerStore.UnreadDriver(root) is { } driver)
        {
            throw DockerStore.NotRead(driver, "image histories are not read");
        }

        var names = Names(out _);
        var id = Resolve(image, names);
        using var config = Config(id) ?? throw new EvidenceAccessException($"{DockerPaths.ImageConfigs}/{id[7..]}", "image config unreadable");
        var steps = ImageHistoryRow.FromConfig(config.RootElement);
        return new ImageHistory(names.GetValueOrDefault(id)?.FirstOrDefault() ?? image, id, steps);
    }

    private string Resolve(string image, Dictionary<string, List<string>> names)
    {
        foreach (var (id, imageNames) in names)
        {
            if (imageNames.Contains(image, StringComparer.Ordinal))
            {
                return id;
            }
        }

        var wanted = image.StartsWith("sha256:", StringComparison.Ordinal) ? image : "sha256:" + image;
        var unreadable = new List<EvidenceProblem>();
        var matches = root.DirectoryExists(DockerPaths.ImageConfigs)
            ? root.Walk(DockerPaths.ImageConfigs, unreadable, "the images in it are not searched").Select(e => "sha256:" + Path.GetFileName(e.Path)).Where(id => id.StartsWith(wanted, StringComparison.Ordinal)).ToArray()
            : [];
        return matches.Length == 1 ? matches[0] : throw new EvidenceAccessException(image, (matches.Length == 0 ? "no image with this name or id on the node" : "matches several images; give more of the id")
            + string.Concat(unreadable.Select(p => $" ({p})")));
    }

    private Dictionary<string, List<string>> Names(out Dictionary<string, List<string>> digests)
    {
        var names = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        digests = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!root.FileExists(DockerPaths.Repositories))
        {
            return names;
        }

        using var doc = JsonEvidence.TryRead(root, DockerPaths.Repositories, _problems);
        if (doc?.RootElement.Get("Repositories") is not { ValueKind: JsonValueKind.Object } repositories)
        {
            return names;
        }

        foreach (var repository in repositories.EnumerateObject())
        {
            if (repository.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var reference in repository.Value.EnumerateObject())
            {
                if (reference.Value.GetString() is not { } id)
                {
                    continue;
                }

                var target = reference.Name.Contains('@') ? digests : names;
                if (!target.TryGetValue(id, out var list))
                {
                    target[id] = list = [];
                }

                list.Add(reference.Name);
            }
        }

        return names;
    }

    private string? Parent(string id)
    {
        var path = $"{DockerPaths.ImageMetadata}/{id[7..]}/parent";
        return root.FileExists(path) ? Encoding.UTF8.GetString(root.ReadAllBytes(path, 4096)).Trim() : null;
    }

    private JsonDocument? Config(string id) => JsonEvidence.TryRead(root, $"{DockerPaths.ImageConfigs}/{id[7..]}", _problems);

    /// <summary>Sum of the layers' sizes; chain ids: L0 = diff0, Ln = sha256(L(n-1) + " " + diffn).</summary>
    private long? Size(string id, JsonElement config)
    {
        var diffIds = config.StringList("rootfs", "diff_ids");
        long total = 0;
        string? chain = null;
        foreach (var diffId in diffIds)
        {
            chain = chain is null ? diffId : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(chain + " " + diffId)));
            var sizePath = $"{DockerPaths.ImageRoot}/layerdb/sha256/{chain[7..]}/size";
            if (!root.FileExists(sizePath) || !long.TryParse(Encoding.ASCII.GetString(root.ReadAllBytes(sizePath, 64)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                _problems.Add(new EvidenceProblem(sizePath, "", $"layer size of image {id[..19]} unreadable"));
                return null;
            }

            total += size;
        }

        return total;
    }
}
