using System.IO.Compression;
using System.Text.RegularExpressions;
using EksIr.Core.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Logs.CloudTrail;

/// <summary>
/// The CloudTrail files of a folder in the evidence: every <c>.json</c>, <c>.json.gz</c>, <c>.jsonl</c>, <c>.jsonl.gz</c>
/// below it, wherever they are (an S3 sync, a flat export), except digest files (CloudTrail-Digest). Each file's
/// layout is read from its first bytes (through the evidence root: journaled, access time kept); its partitions from
/// its S3 path.
/// </summary>
public sealed partial class CloudTrailFolder
{
    private CloudTrailFolder(EvidenceRoot root, string folder, IReadOnlyList<CloudTrailFile> files, IReadOnlyList<EvidenceProblem> problems)
    {
        Root = root;
        Folder = folder;
        Files = files;
        Problems = problems;
    }

    public EvidenceRoot Root { get; }

    public string Folder { get; }

    public IReadOnlyList<CloudTrailFile> Files { get; }

    /// <summary>Files that could not be classified (empty, unreadable): not queried, each said.</summary>
    public IReadOnlyList<EvidenceProblem> Problems { get; }

    public static CloudTrailFolder Open(EvidenceRoot root, string folder)
    {
        if (!root.DirectoryExists(folder))
        {
            throw new EvidenceAccessException(folder.Length == 0 ? "." : folder, "no such CloudTrail folder in the evidence");
        }

        var files = new List<CloudTrailFile>();
        var problems = new List<EvidenceProblem>();
        foreach (var entry in root.Walk(folder, (path, why) => problems.Add(new EvidenceProblem(path, "folder", $"not readable: {why}"))))
        {
            if (entry.Kind != EvidenceEntryKind.File || !IsTrailFile(entry.Path))
            {
                continue;
            }

            if (entry.Size == 0)
            {
                problems.Add(new EvidenceProblem(entry.Path, "file", "empty; skipped"));
                continue;
            }

            var layout = Layout(root, entry.Path, problems);
            if (layout is null)
            {
                continue;
            }

            var m = S3Path().Match(entry.Path.Replace('\\', '/'));
            files.Add(new CloudTrailFile(entry.Path, entry.Size, layout.Value,
                m.Success ? m.Groups["account"].Value : null, m.Success ? m.Groups["region"].Value : null,
                m.Success ? $"{m.Groups["y"].Value}/{m.Groups["m"].Value}/{m.Groups["d"].Value}" : null));
        }

        return new CloudTrailFolder(root, folder, files.OrderBy(f => f.EvidencePath, StringComparer.Ordinal).ToList(), problems);
    }

    private static bool IsTrailFile(string path) =>
        !path.Contains("CloudTrail-Digest", StringComparison.Ordinal)
        && (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase));

    /// <summary>The layout from the first non-blank bytes: <c>{"Records"</c>, <c>[</c>, or an event per line.</summary>
    private static CloudTrailLayout? Layout(EvidenceRoot root, string path, List<EvidenceProblem> problems)
    {
        var head = new byte[256];
        int n;
        try
        {
            using var file = root.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            problems.Add(new EvidenceProblem(path, "byte 0", $"not readable as {(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? "gzip" : "a file")} ({e.Message}); skipped"));
            return null;
        }

        var text = System.Text.Encoding.UTF8.GetString(head, 0, n).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('['))
        {
            return CloudTrailLayout.Array;
        }

        if (RecordsHead().IsMatch(text))
        {
            return CloudTrailLayout.Records;
        }

        if (text.StartsWith('{'))
        {
            return CloudTrailLayout.Lines;
        }

        problems.Add(new EvidenceProblem(path, "byte 0", "not CloudTrail JSON (no {\"Records\": …}, array or JSON lines); skipped"));
        return null;
    }

    [GeneratedRegex(@"^\{\s*""Records""\s*:")]
    private static partial Regex RecordsHead();

    [GeneratedRegex(@"AWSLogs/(?:o-[a-z0-9]+/)?(?<account>\d{12})/CloudTrail/(?<region>[a-z0-9-]+)/(?<y>\d{4})/(?<m>\d{2})/(?<d>\d{2})/")]
    private static partial Regex S3Path();
}
