using System.Text.Json;
using EksIr.Disk.Containers.Docker;
using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers.Containerd;

/// <summary>
/// containerd's content store (<c>io.containerd.content.v1.content/blobs/sha256/&lt;hex&gt;</c>): image indexes,
/// manifests and configs as the registry served them. An index picks linux/amd64 (else the first manifest).
/// </summary>
internal sealed class ContainerdContent(EvidenceRoot root, List<EvidenceProblem> problems)
{
    public const string Blobs = ContainerdPaths.Root + "/io.containerd.content.v1.content/blobs";

    public static string BlobPath(string digest) =>
        digest.Split(':') is [var algorithm, var hex] && hex.All(char.IsAsciiHexDigit) && algorithm.All(char.IsAsciiLetterOrDigit)
            ? $"{Blobs}/{algorithm}/{hex}"
            : throw new EvidenceAccessException(digest, "not a content digest");

    private readonly HashSet<string> _missing = new(StringComparer.Ordinal);

    public JsonDocument? Blob(string digest)
    {
        var path = BlobPath(digest);
        if (!root.FileExists(path))
        {
            if (_missing.Add(path)) // several names may point at one blob: said once
            {
                problems.Add(new EvidenceProblem(path, "", "blob not in the content store (garbage-collected, or never fetched)"));
            }

            return null;
        }

        return JsonEvidence.TryRead(root, path, problems);
    }

    /// <summary>The image manifest for a target (following an index to one platform), or null.</summary>
    public JsonDocument? Manifest(string digest, string? mediaType)
    {
        var doc = Blob(digest);
        if (doc is null)
        {
            return null;
        }

        var type = doc.RootElement.Str("mediaType") ?? mediaType ?? "";
        if (!type.Contains("index", StringComparison.Ordinal) && !type.Contains("manifest.list", StringComparison.Ordinal))
        {
            return doc;
        }

        using (doc)
        {
            var manifests = doc.RootElement.Get("manifests") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().ToArray() : [];
            var chosen = manifests.FirstOrDefault(m => m.Str("platform", "os") == "linux" && m.Str("platform", "architecture") == "amd64");
            if (chosen.ValueKind == JsonValueKind.Undefined)
            {
                chosen = manifests.FirstOrDefault();
            }

            return chosen.ValueKind == JsonValueKind.Object && chosen.Str("digest") is { } inner ? Blob(inner) : null;
        }
    }
}
