using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Logs.Sql;

/// <summary>
/// What can be kept of a damaged file of JSON events — a list (<c>{"Records": […]}</c>, <c>{"events": […]}</c>, <c>[…]</c>)
/// or JSON lines — when it has a cut-off gzip, malformed JSON, bytes that are not UTF-8, or an oversized line: every
/// event that still parses, written one per line, and one problem per thing skipped or repaired, naming the file and
/// the (decompressed) byte offset or line. A malformed event in a list is skipped by resynchronising on the next
/// event's first key. Never throws on bad content.
/// </summary>
public static class JsonEventSalvage
{
    /// <summary>Larger than any real log event (CloudTrail caps events at 256 KB, CloudWatch at 1 MB); such a line is skipped.</summary>
    public const int MaxEventBytes = 64 << 20;

    /// <summary>A source file: the evidence it is in and its path there, whether it is one event per line, and how an
    /// event starts (to resynchronise on).</summary>
    public sealed record Source(EvidenceRoot Root, string EvidencePath, bool Lines, string EventStart);

    /// <summary>Salvages the file into <paramref name="output"/> (JSON lines); returns the events kept.</summary>
    public static int Salvage(Source file, string output, List<EvidenceProblem> problems)
    {
        var data = Decompress(file, problems);
        using var sink = new FileStream(output, FileMode.CreateNew, FileAccess.Write);
        return file.Lines ? Lines(file, data, sink, problems) : Records(file, data, sink, problems, Encoding.UTF8.GetBytes(file.EventStart));
    }

    /// <summary>Salvages the file and says so: what was skipped or repaired (or that the engine could not read it as
    /// it is), then how many events were kept.</summary>
    public static int SalvageAndSay(Source file, string output, List<EvidenceProblem> problems)
    {
        var before = problems.Count;
        var kept = Salvage(file, output, problems);
        if (problems.Count == before)
        {
            problems.Add(new EvidenceProblem(file.EvidencePath, "file", "the engine could not read it as it is; read event by event instead"));
        }

        problems.Add(new EvidenceProblem(file.EvidencePath, "file", $"{Counted.Of(kept, "event")} kept after the problems above"));
        return kept;
    }

    private static byte[] Decompress(Source file, List<EvidenceProblem> problems)
    {
        using var raw = file.Root.OpenRead(file.EvidencePath);
        if (!file.EvidencePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var all = new MemoryStream();
            raw.CopyTo(all);
            return all.ToArray();
        }

        using var gzip = new CheckedGzipStream(raw);
        using var kept = new MemoryStream();
        var buffer = new byte[1 << 16];
        try
        {
            int n;
            while ((n = gzip.Read(buffer)) > 0)
            {
                kept.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            problems.Add(new EvidenceProblem(file.EvidencePath, $"compressed byte {raw.Position}", $"gzip damaged or cut off ({e.Message}); kept the {kept.Length} bytes before it"));
        }

        return kept.ToArray();
    }

    /// <summary>
    /// One event per line. Lines that are not JSON events are one problem for the file, with their count and the first
    /// few line numbers (a file that is not JSON lines at all would otherwise say so once per line).
    /// </summary>
    private static int Lines(Source file, byte[] data, Stream sink, List<EvidenceProblem> problems)
    {
        var said = new List<EvidenceProblem>();
        var kept = Lines(file, data, sink, said, out var line);
        var junk = said.Where(p => p.Problem == NotAnEvent).ToList();
        problems.AddRange(said.Where(p => p.Problem != NotAnEvent));
        if (junk.Count == 1)
        {
            problems.Add(junk[0]);
        }
        else if (junk.Count > 1)
        {
            var first = junk.Take(5).Select(p => p.Where.Replace("line ", "", StringComparison.Ordinal));
            problems.Add(new EvidenceProblem(file.EvidencePath, $"lines {string.Join(", ", first)}{(junk.Count > 5 ? ", …" : "")}",
                $"{junk.Count} of its {Counted.Of(line, "line")} are not JSON events; skipped"));
        }

        return kept;
    }

    private const string NotAnEvent = "not a JSON event; skipped";

    private static int Lines(Source file, byte[] data, Stream sink, List<EvidenceProblem> problems, out int line)
    {
        var kept = 0;
        line = 0;
        for (var start = 0; start < data.Length;)
        {
            line++;
            var end = Array.IndexOf(data, (byte)'\n', start);
            end = end < 0 ? data.Length : end;
            var span = data.AsSpan(start, end - start).TrimEnd((byte)'\r');
            if (!span.IsEmpty && !span.Trim(" \t"u8).IsEmpty)
            {
                kept += Keep(file, span, $"line {line}", sink, problems) ? 1 : 0;
            }

            start = end + 1;
        }

        return kept;
    }

    private static int Records(Source file, byte[] data, Stream sink, List<EvidenceProblem> problems, byte[] eventStart)
    {
        var array = Array.IndexOf(data, (byte)'[');
        var pos = array < 0 ? data.Length : array + 1;
        var kept = 0;
        var index = 0;
        while (true)
        {
            while (pos < data.Length && data[pos] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',')
            {
                pos++;
            }

            if (pos >= data.Length || data[pos] == (byte)']')
            {
                if (pos >= data.Length)
                {
                    problems.Add(new EvidenceProblem(file.EvidencePath, $"byte {data.Length}", "the file ends inside the event list (cut off); kept the events before it"));
                }

                return kept;
            }

            index++;
            var length = ValueLength(data.AsSpan(pos));
            if (length > 0)
            {
                kept += Keep(file, data.AsSpan(pos, length), $"event {index} (byte {pos})", sink, problems) ? 1 : 0;
                pos += length;
                continue;
            }

            // Not parseable here: resynchronise on the next event's start, keeping what lies between if it repairs.
            var next = data.AsSpan(pos + 1).IndexOf(eventStart);
            var end = next < 0 ? data.Length : pos + 1 + next;
            var slice = data.AsSpan(pos, end - pos).TrimEnd(" \t\r\n,]}"u8);
            if (!Utf8.IsValid(slice) && Repaired(slice) is { } repaired && ValueLength(repaired) == repaired.Length)
            {
                kept += Keep(file, repaired, $"event {index} (byte {pos})", sink, problems, replaced: true) ? 1 : 0;
            }
            else
            {
                problems.Add(new EvidenceProblem(file.EvidencePath, $"event {index} (byte {pos})", $"malformed event ({end - pos} bytes); skipped"));
            }

            if (next < 0)
            {
                return kept;
            }

            pos = end;
        }
    }

    private static bool Keep(Source file, ReadOnlySpan<byte> json, string where, Stream sink, List<EvidenceProblem> problems, bool replaced = false)
    {
        if (json.Length > MaxEventBytes)
        {
            problems.Add(new EvidenceProblem(file.EvidencePath, where, $"{json.Length} bytes: larger than any log event; skipped"));
            return false;
        }

        if (!Utf8.IsValid(json))
        {
            json = Repaired(json);
            replaced = true;
        }

        if (ValueLength(json) != json.Length || json[0] != (byte)'{')
        {
            problems.Add(new EvidenceProblem(file.EvidencePath, where, NotAnEvent));
            return false;
        }

        if (replaced)
        {
            problems.Add(new EvidenceProblem(file.EvidencePath, where, "bytes that are not UTF-8 replaced with U+FFFD; event kept"));
        }

        // One event per line: a valid JSON value has raw line breaks only as whitespace between tokens, so they become spaces.
        var line = json.ToArray();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] is (byte)'\n' or (byte)'\r')
            {
                line[i] = (byte)' ';
            }
        }

        sink.Write(line);
        sink.WriteByte((byte)'\n');
        return true;
    }

    /// <summary>The length of the one JSON value at the start of the span, or 0 when it does not parse.</summary>
    private static int ValueLength(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data, isFinalBlock: true, state: default);
            return reader.Read() && reader.TrySkip() ? (int)reader.BytesConsumed : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    private static byte[] Repaired(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes));
}
