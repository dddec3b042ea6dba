using System.Text.Json;
using EksIr.Core.Evidence;

namespace EksIr.Cloud.Identification;

/// <summary>
/// One findings export: a JSON document (<c>.json</c>, <c>.json.gz</c>, read whole up to 64 MiB), or JSON lines as
/// GuardDuty exports findings to S3 (<c>.jsonl</c>, <c>.jsonl.gz</c>; "findings are exported as JSON lines, one finding
/// per line, gzip-compressed and encrypted with your KMS key" — GuardDuty User Guide, exporting findings), read line by
/// line (a line up to 16 MiB), each line on its own: a malformed line is a problem naming its number, the others are
/// read; a damaged gzip ends the file there, the findings before it kept. A <c>.json</c> whose first line is a whole
/// JSON object and that goes on with another is JSON lines too.
/// </summary>
internal static class GuardDutyExportFile
{
    private const long MaxDocumentBytes = 64 << 20;
    private const int MaxLineBytes = 16 << 20;
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static bool IsExport(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase);

    private static bool IsLines(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>One export; when it cannot be read at all, an exception alone, or (in a folder) a problem of the folder.</summary>
    public static GuardDutyFindings Read(EvidenceRoot root, string path, bool inFolder)
    {
        var problems = new List<EvidenceProblem>();
        GuardDutyFindings Skipped(string where, string why) =>
            new(path, [], [.. problems, new EvidenceProblem(path, where, why + "; none of its findings are listed, the folder's other files are")]);

        try
        {
            if (IsLines(path))
            {
                return Lines(root, path, problems);
            }

            var bytes = Document(root, path);
            JsonDocument doc;
            try
            {
                doc = EvidenceJson.Parse(bytes, path, problems, Options);
            }
            catch (JsonException) when (LooksLikeLines(bytes))
            {
                problems.Clear();
                return Lines(root, path, problems);
            }

            using (doc)
            {
                return Findings(path, doc.RootElement, "", problems, inFolder);
            }
        }
        catch (JsonException e)
        {
            return inFolder
                ? Skipped(EvidenceJson.Where(e), "not JSON: " + EvidenceJson.Why(e))
                : throw new EvidenceAccessException(path, $"not JSON{(EvidenceJson.Where(e) is { Length: > 0 } at ? $" ({at})" : "")}: {EvidenceJson.Why(e)}");
        }
        catch (EvidenceAccessException e) when (inFolder)
        {
            return Skipped("", e.Reason);
        }
    }

    /// <summary>The findings of one JSON value (the file's, or a line's); none in an empty answer is a note, not a problem.</summary>
    private static GuardDutyFindings Findings(string path, JsonElement root, string at, List<EvidenceProblem> problems, bool inFolder)
    {
        var findings = new List<GuardDutyFinding>();
        var candidates = GuardDutyFindingParser.Candidates(root);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (GuardDutyFindingParser.Parse(candidates[i]) is { } finding)
            {
                findings.Add(finding);
            }
            else
            {
                problems.Add(new EvidenceProblem(path, at.Length > 0 ? at : $"finding {i + 1}", "not a GuardDuty finding (no type); skipped"));
            }
        }

        if (candidates.Count == 0 && !GuardDutyFindingParser.IsEmptyAnswer(root))
        {
            const string none = "no GuardDuty finding in it (expected {\"Findings\": [...]}, a finding, a list of findings, an EventBridge event, or JSON lines of findings)";
            if (at.Length > 0)
            {
                problems.Add(new EvidenceProblem(path, at, "not a GuardDuty finding; skipped"));
                return new GuardDutyFindings(path, findings, problems);
            }

            if (!inFolder)
            {
                throw new EvidenceAccessException(path, none);
            }

            return new GuardDutyFindings(path, [], [.. problems, new EvidenceProblem(path, "", none + "; the folder's other files are read")]);
        }

        return new GuardDutyFindings(path, findings, problems) { Notes = candidates.Count == 0 && at.Length == 0 ? [$"no findings in {path}"] : [] };
    }

    private static byte[] Document(EvidenceRoot root, string path)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return root.ReadAllBytes(path, MaxDocumentBytes);
        }

        using var raw = root.OpenRead(path);
        using var gzip = new CheckedGzipStream(raw);
        using var bytes = new MemoryStream();
        try
        {
            var buffer = new byte[1 << 16];
            int n;
            while ((n = gzip.Read(buffer)) > 0)
            {
                if (bytes.Length + n > MaxDocumentBytes)
                {
                    throw new EvidenceAccessException(path, $"more than {MaxDocumentBytes >> 20} MiB once decompressed, more than this reader loads into memory");
                }

                bytes.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new EvidenceAccessException(path, $"gzip damaged or cut off at compressed byte {raw.Position} ({e.Message})");
        }

        return bytes.ToArray();
    }

    /// <summary>A first line that is a whole JSON object, and more after it.</summary>
    private static bool LooksLikeLines(byte[] bytes)
    {
        var newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline < 0 || bytes.AsSpan(newline).Trim(" \t\r\n"u8).IsEmpty)
        {
            return false;
        }

        try
        {
            using var first = JsonDocument.Parse(bytes.AsMemory(0, newline));
            return first.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>JSON lines, streamed: each line a finding (or an EventBridge event), each on its own.</summary>
    private static GuardDutyFindings Lines(EvidenceRoot root, string path, List<EvidenceProblem> problems)
    {
        var findings = new List<GuardDutyFinding>();
        using var raw = root.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new CheckedGzipStream(raw) : raw;
        var lines = 0;
        try
        {
            foreach (var (number, line, length) in SplitLines(stream))
            {
                lines++;
                var at = $"line {number}";
                if (line is null)
                {
                    problems.Add(new EvidenceProblem(path, at, $"{length} bytes: longer than any finding; skipped"));
                    continue;
                }

                if (line.AsSpan().Trim(" \t\r"u8).IsEmpty)
                {
                    continue;
                }

                try
                {
                    using var doc = EvidenceJson.Parse(line, path, problems, Options, at);
                    findings.AddRange(Findings(path, doc.RootElement, at, problems, inFolder: true).Findings);
                }
                catch (JsonException e)
                {
                    problems.Add(new EvidenceProblem(path, $"{at}, byte {e.BytePositionInLine}", $"not JSON: {EvidenceJson.Why(e)}; skipped"));
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            problems.Add(new EvidenceProblem(path, $"compressed byte {raw.Position}", $"gzip damaged or cut off ({e.Message}); the findings before it are kept"));
        }

        return new GuardDutyFindings(path, findings, problems) { Notes = findings.Count == 0 && problems.Count == 0 ? [$"no findings in {path}"] : [] };
    }

    /// <summary>Each line's number and bytes (null past <see cref="MaxLineBytes"/>, with its length), never holding more than that of one line.</summary>
    private static IEnumerable<(long Number, byte[]? Line, long Length)> SplitLines(Stream stream)
    {
        var buffer = new byte[1 << 16];
        var line = new MemoryStream();
        long length = 0, number = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            var start = 0;
            while (start < n)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, n - start);
                var end = newline < 0 ? n : newline;
                length += end - start;
                if (length <= MaxLineBytes)
                {
                    line.Write(buffer, start, end - start);
                }

                start = end + 1;
                if (newline >= 0)
                {
                    yield return (++number, length <= MaxLineBytes ? line.ToArray() : null, length);
                    line.SetLength(0);
                    length = 0;
                }
            }
        }

        if (length > 0)
        {
            yield return (++number, length <= MaxLineBytes ? line.ToArray() : null, length);
        }
    }
}
