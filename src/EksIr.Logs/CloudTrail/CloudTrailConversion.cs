using System.Text.Json;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Logs.CloudTrail;

/// <summary>
/// The two layouts the engine cannot read as they are, written out one event per line (a copy outside the evidence):
/// a file of event objects one after another over several lines (one event as AWS's documentation prints it, or
/// <c>jq .</c>'s output), and <c>aws cloudtrail lookup-events</c> output, whose events are JSON strings in
/// <c>Events[].CloudTrailEvent</c> (AWS CLI reference, lookup-events: "CloudTrailEvent -> (string) A JSON string that
/// contains a representation of the event returned"). What cannot be kept is said with its place; never throws on
/// bad content.
/// </summary>
public static class CloudTrailConversion
{
    /// <summary>lookup-events answers are pages of 50 events; far more than any such file, and a bound on what is held at once.</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Writes the file's events to <paramref name="output"/> as JSON lines; returns how many.</summary>
    public static int Convert(EvidenceRoot root, CloudTrailFile file, string output, List<EvidenceProblem> problems)
    {
        using var sink = new FileStream(output, FileMode.CreateNew, FileAccess.Write);
        if (Read(root, file.EvidencePath, problems) is not { } bytes)
        {
            return 0;
        }

        var repair = Utf8Repair.Of(bytes);
        if (repair.Problem(file.EvidencePath) is { } replaced)
        {
            problems.Add(replaced);
        }

        return file.Layout == CloudTrailLayout.LookupEvents
            ? LookupEvents(file.EvidencePath, repair.Bytes, sink, problems)
            : Objects(file.EvidencePath, repair.Bytes, sink, problems);
    }

    private static byte[]? Read(EvidenceRoot root, string path, List<EvidenceProblem> problems)
    {
        using var raw = root.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new CheckedGzipStream(raw) : raw;
        using var kept = new MemoryStream();
        var buffer = new byte[1 << 16];
        try
        {
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                if (kept.Length + n > MaxFileBytes)
                {
                    problems.Add(new EvidenceProblem(path, $"byte {MaxFileBytes}", $"more than {MaxFileBytes >> 20} MiB of events in one file; the events past it are not read"));
                    break;
                }

                kept.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            problems.Add(new EvidenceProblem(path, $"compressed byte {raw.Position}", $"gzip damaged or cut off ({e.Message}); kept the {kept.Length} bytes before it"));
        }

        return kept.ToArray();
    }

    /// <summary>Event objects one after another, however laid out; the first malformed one ends the file (its byte said).</summary>
    private static int Objects(string path, byte[] data, Stream sink, List<EvidenceProblem> problems)
    {
        var reader = new Utf8JsonReader(data, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        var kept = 0;
        var index = 0;
        try
        {
            while (reader.Read())
            {
                index++;
                var start = reader.TokenStartIndex;
                using var doc = JsonDocument.ParseValue(ref reader);
                if (CloudTrailHead.NotAnEvent(doc.RootElement) is { } why)
                {
                    problems.Add(new EvidenceProblem(path, $"event {index} (byte {start})", why.Replace("its first", "this", StringComparison.Ordinal) + "; skipped"));
                    continue;
                }

                Write(doc.RootElement, sink);
                kept++;
            }
        }
        catch (JsonException e)
        {
            problems.Add(new EvidenceProblem(path, $"event {index} (byte {reader.BytesConsumed})", $"not JSON ({EvidenceJson.Why(e)}); the events before it are kept"));
        }

        return kept;
    }

    private static int LookupEvents(string path, byte[] data, Stream sink, List<EvidenceProblem> problems)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(data);
        }
        catch (JsonException e)
        {
            problems.Add(new EvidenceProblem(path, EvidenceJson.Where(e), $"not JSON ({EvidenceJson.Why(e)}); none of its events are read"));
            return 0;
        }

        using (doc)
        {
            var kept = 0;
            var events = doc.RootElement.TryGetProperty("Events", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
            for (var i = 0; i < events.Count; i++)
            {
                var where = $"Events[{i}]" + (events[i].ValueKind == JsonValueKind.Object && events[i].TryGetProperty("EventId", out var id) && id.ValueKind == JsonValueKind.String ? $" (EventId {id.GetString()})" : "");
                if (events[i].ValueKind != JsonValueKind.Object || !events[i].TryGetProperty("CloudTrailEvent", out var text) || text.ValueKind != JsonValueKind.String)
                {
                    problems.Add(new EvidenceProblem(path, where, "no CloudTrailEvent string; skipped"));
                    continue;
                }

                try
                {
                    using var inner = JsonDocument.Parse(text.GetString()!);
                    if (CloudTrailHead.NotAnEvent(inner.RootElement) is { } why)
                    {
                        problems.Add(new EvidenceProblem(path, where, "its CloudTrailEvent is " + why.Replace("not CloudTrail: its first", "not CloudTrail: an", StringComparison.Ordinal) + "; skipped"));
                        continue;
                    }

                    Write(inner.RootElement, sink);
                    kept++;
                }
                catch (JsonException e)
                {
                    problems.Add(new EvidenceProblem(path, where, $"its CloudTrailEvent is not JSON ({EvidenceJson.Why(e)}); skipped"));
                }
            }

            if (doc.RootElement.TryGetProperty("NextToken", out var next) && next.ValueKind == JsonValueKind.String)
            {
                problems.Add(new EvidenceProblem(path, "NextToken", "the answer was cut short (it ends with a NextToken): CloudTrail holds more events than this file"));
            }

            return kept;
        }
    }

    private static void Write(JsonElement element, Stream sink)
    {
        using (var writer = new Utf8JsonWriter(sink, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        sink.WriteByte((byte)'\n');
    }
}
