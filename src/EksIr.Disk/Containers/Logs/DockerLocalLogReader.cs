using System.Buffers.Binary;
using System.Text;
using EksIr.Disk.Containers.Docker;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Logs;

/// <summary>
/// Docker's <c>local</c> log driver: <c>containers/&lt;id&gt;/local-logs/container.log</c> (rotated as
/// <c>.1</c>, <c>.2</c>… — higher is older — gzipped by default). Each entry is framed as a big-endian 32-bit
/// length, a protobuf <c>LogEntry</c> (source, time_nano, line, partial, partial_log_metadata) and the same
/// length again. A frame whose two lengths disagree is damage: reported with its byte offset, and reading
/// resumes at the next frame that checks out. Partial entries (messages over 16 KiB) are joined.
/// </summary>
public static class DockerLocalLogReader
{
    private const int MaxEntryBytes = 1 << 20; // moby's local driver refuses messages over 1 MB

    /// <summary>The container's local-driver logs, oldest first; a folder that cannot be read is said in <paramref name="problems"/>.</summary>
    public static IReadOnlyList<string> Files(EvidenceRoot root, string containerId, ICollection<EvidenceProblem> problems)
    {
        var directory = $"{DockerPaths.Containers}/{EvidenceName.Of(containerId, "container id")}/local-logs";
        if (!root.DirectoryExists(directory))
        {
            return [];
        }

        return root.Walk(directory, problems, "a log file in it is not read")
            .Where(e => e.Kind == EvidenceEntryKind.File && Path.GetFileName(e.Path).StartsWith("container.log", StringComparison.Ordinal))
            .Select(e => e.Path)
            .OrderByDescending(p => Rotation(Path.GetFileName(p)["container.log".Length..]))
            .ToArray();
    }

    private static int Rotation(string suffix) => int.TryParse(suffix.TrimStart('.').Split('.')[0], out var n) ? n : 0;

    public static IEnumerable<LogLine> Read(EvidenceRoot root, IEnumerable<string> files, List<EvidenceProblem> problems)
    {
        foreach (var file in files)
        {
            foreach (var line in Entries(Load(root, file, problems), file, problems))
            {
                yield return line;
            }
        }
    }

    /// <summary>
    /// A log file's bytes (gunzipped when it ends in .gz); the driver rotates at 20 MB by default. Gzip data that is
    /// damaged or cut off is said, and the bytes before it are kept.
    /// </summary>
    private static byte[] Load(EvidenceRoot root, string file, List<EvidenceProblem> problems)
    {
        using var raw = root.OpenRead(file);
        using Stream stream = file.EndsWith(".gz", StringComparison.Ordinal) ? new CheckedGzipStream(raw) : raw;
        using var copy = new MemoryStream();
        try
        {
            stream.CopyTo(copy);
        }
        catch (InvalidDataException e)
        {
            problems.Add(new EvidenceProblem(file, $"byte {copy.Length} (decompressed)", $"damaged gzip data: {e.Message}; the entries before it are kept"));
            return copy.ToArray();
        }

        if (!file.EndsWith(".gz", StringComparison.Ordinal))
        {
            raw.ReadByte(); // at the end: the read is whole, so it is recorded with its hash
        }

        return copy.ToArray();
    }

    /// <summary>The entries of one log file's bytes (already gunzipped); damage goes to <paramref name="problems"/>.</summary>
    public static IEnumerable<LogLine> Entries(byte[] bytes, string file, List<EvidenceProblem> problems)
    {
        var partial = new Dictionary<string, (PreciseTime? Time, long Entry, StringBuilder Text)>(StringComparer.Ordinal);
        long offset = 0, entryNumber = 0;
        long? damagedAt = null;
        while (offset < bytes.Length)
        {
            if (Frame(bytes, offset) is not { } size)
            {
                damagedAt ??= offset;
                offset++;
                continue;
            }

            if (damagedAt is { } start)
            {
                problems.Add(new EvidenceProblem(file, $"byte {start}", $"not a log entry frame; {offset - start} bytes skipped to the next entry at byte {offset}"));
                damagedAt = null;
            }

            entryNumber++;
            var entry = LogEntryMessage.Parse(bytes.AsSpan((int)offset + 4, size));
            offset += 8 + size;
            if (entry is null)
            {
                problems.Add(new EvidenceProblem(file, $"entry {entryNumber}", "the protobuf LogEntry is malformed"));
                continue;
            }

            var time = entry.TimeNano is { } ns ? new PreciseTime(Math.DivRem(ns, 1_000_000_000L, out var rem) - (rem < 0 ? 1 : 0), (int)(rem < 0 ? rem + 1_000_000_000 : rem)) : (PreciseTime?)null;
            var text = Encoding.UTF8.GetString(entry.Line);
            var key = entry.PartialId ?? entry.Source;
            if (entry.Partial && !entry.PartialLast)
            {
                if (!partial.TryGetValue(key, out var open))
                {
                    partial[key] = open = (time, entryNumber, new StringBuilder());
                }

                open.Text.Append(text);
                continue;
            }

            yield return partial.Remove(key, out var started)
                ? new LogLine(started.Time, entry.Source, started.Text.Append(text).ToString(), file, started.Entry)
                : new LogLine(time, entry.Source, text, file, entryNumber);
        }

        if (damagedAt is { } tail)
        {
            problems.Add(new EvidenceProblem(file, $"byte {tail}", $"the last {bytes.Length - tail} bytes are not a whole log entry (cut off?)"));
        }

        foreach (var (key, open) in partial)
        {
            yield return new LogLine(open.Time, key, open.Text.ToString(), file, open.Entry);
        }
    }

    /// <summary>The size of the frame at <paramref name="offset"/> when its leading and trailing lengths agree and fit.</summary>
    private static int? Frame(byte[] bytes, long offset)
    {
        if (offset + 8 > bytes.Length)
        {
            return null;
        }

        var size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)offset));
        if (size == 0 || size > MaxEntryBytes || offset + 8 + size > bytes.Length)
        {
            return null;
        }

        return BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)(offset + 4 + size))) == size ? (int)size : null;
    }
}
