using System.IO.Compression;
using System.Text.RegularExpressions;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
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
        var head = new byte[CloudTrailHead.MaxHeadBytes];
        var candidates = 0;
        var digests = 0;
        foreach (var entry in root.Walk(folder, (path, why) => problems.Add(new EvidenceProblem(path, "folder", $"not readable: {why}"))))
        {
            if (entry.Kind != EvidenceEntryKind.File || !IsJsonFile(entry.Path))
            {
                continue;
            }

            if (IsDigest(entry.Path))
            {
                digests++;
                continue;
            }

            candidates++;
            if (entry.Size == 0)
            {
                problems.Add(new EvidenceProblem(entry.Path, "file", "empty; skipped"));
                continue;
            }

            var layout = Layout(root, entry.Path, head, problems);
            if (layout is null)
            {
                continue;
            }

            var m = S3Path().Match(entry.Path.Replace('\\', '/'));
            files.Add(new CloudTrailFile(entry.Path, entry.Size, layout.Value,
                m.Success ? m.Groups["account"].Value : null, m.Success ? m.Groups["region"].Value : null,
                m.Success ? $"{m.Groups["y"].Value}/{m.Groups["m"].Value}/{m.Groups["d"].Value}" : null));
        }

        if (files.Count == 0)
        {
            throw new EvidenceAccessException(folder.Length == 0 ? root.FullPath : folder, NoCloudTrail(candidates, digests, problems));
        }

        if (digests > 0)
        {
            problems.Add(new EvidenceProblem(folder.Length == 0 ? "." : folder, "folder",
                $"{Counted.Of(digests, "CloudTrail digest file")} (CloudTrail-Digest) left out: they hold the log files' hashes, not events, and their signatures are not checked"));
        }

        return new CloudTrailFolder(root, folder, files.OrderBy(f => f.EvidencePath, StringComparer.Ordinal).ToList(), problems);
    }

    /// <summary>Why a folder holds no CloudTrail, in one sentence: what was looked at, what was expected, the first file's reason.</summary>
    private static string NoCloudTrail(int candidates, int digests, List<EvidenceProblem> problems) =>
        "no CloudTrail in this folder: " + (candidates == 0
            ? (digests == 0 ? "no .json, .json.gz, .jsonl or .jsonl.gz file below it" : $"only {Counted.Of(digests, "digest file")} (CloudTrail-Digest), which hold the log files' hashes, not events")
            : (candidates == 1 ? "its one .json/.json.gz/.jsonl/.jsonl.gz file holds no CloudTrail events" : $"none of its {candidates} .json/.json.gz/.jsonl/.jsonl.gz files holds CloudTrail events") +
              (problems.FirstOrDefault() is { } first ? $" (the first, {first.File}: {first.Problem})" : ""))
        + ". Expected CloudTrail as S3 delivers it (AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/*.json.gz holding {\"Records\": [...]}), "
        + "a list or JSON lines of events, one event, or aws cloudtrail lookup-events output";

    private static bool IsDigest(string path) => path.Contains("CloudTrail-Digest", StringComparison.Ordinal);

    private static bool IsJsonFile(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The layout from the first bytes (<see cref="CloudTrailHead"/>): the first 256 tell S3's and lookup-events' files;
    /// the others are read up to their first event's end (a damaged gzip ends the head where it breaks: salvage reads the rest).
    /// </summary>
    private static CloudTrailLayout? Layout(EvidenceRoot root, string path, byte[] head, List<EvidenceProblem> problems)
    {
        var n = 0;
        var whole = false;
        try
        {
            using var file = root.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            n = stream.ReadAtLeast(head.AsSpan(0, 256), 256, throwOnEndOfStream: false);
            whole = n < 256;
            if (!whole && CloudTrailHead.Classify(head.AsSpan(0, n), whole: false).Layout is not (CloudTrailLayout.Records or CloudTrailLayout.LookupEvents))
            {
                try
                {
                    int read;
                    while (n < head.Length && (read = stream.Read(head, n, head.Length - n)) > 0)
                    {
                        n += read;
                    }

                    whole = n < head.Length;
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    // Classified from the bytes before the damage.
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            problems.Add(new EvidenceProblem(path, "byte 0", $"not readable as {(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? "gzip" : "a file")} ({e.Message}); skipped"));
            return null;
        }

        var (layout, why) = CloudTrailHead.Classify(head.AsSpan(0, n), whole);
        if (layout is null)
        {
            problems.Add(new EvidenceProblem(path, "byte 0", why + "; skipped"));
        }

        return layout;
    }

    [GeneratedRegex(@"AWSLogs/(?:o-[a-z0-9]+/)?(?<account>\d{12})/CloudTrail/(?<region>[a-z0-9-]+)/(?<y>\d{4})/(?<m>\d{2})/(?<d>\d{2})/")]
    private static partial Regex S3Path();
}
