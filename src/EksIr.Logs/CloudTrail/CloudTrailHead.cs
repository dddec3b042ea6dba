using System.Text.Json;
using System.Text.RegularExpressions;
using EksIr.Core.Evidence;

namespace EksIr.Logs.CloudTrail;

/// <summary>
/// What a file holds, told from its first bytes (decompressed): <c>{"Records": …}</c> as S3 delivers CloudTrail,
/// <c>{"Events": …}</c> as <c>aws cloudtrail lookup-events</c> prints it, a list of events, one event per line, or one
/// event over several lines as AWS's documentation prints it. A file whose first event is JSON but not a CloudTrail
/// event (no <c>eventTime</c>, no <c>eventName</c>: a pod listing, a GuardDuty finding) is not CloudTrail, and why is
/// said; a first line that is not JSON at all is read as damaged JSON lines (salvaged event by event).
/// </summary>
public static partial class CloudTrailHead
{
    /// <summary>Enough for any first event: CloudTrail caps an event at 256 KB.</summary>
    public const int MaxHeadBytes = 1 << 20;

    /// <summary>The layout, or null and why the file is not CloudTrail. <paramref name="whole"/>: the head is the whole file.</summary>
    public static (CloudTrailLayout? Layout, string Why) Classify(ReadOnlySpan<byte> head, bool whole)
    {
        var start = 0;
        if (head.StartsWith("\uFEFF"u8))
        {
            start = 3;
        }

        while (start < head.Length && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        head = head[start..];
        var text = System.Text.Encoding.UTF8.GetString(head[..Math.Min(head.Length, 256)]);
        if (RecordsHead().IsMatch(text))
        {
            return (CloudTrailLayout.Records, "");
        }

        if (EventsHead().IsMatch(text))
        {
            return (CloudTrailLayout.LookupEvents, "");
        }

        if (head.IsEmpty || (head[0] != '[' && head[0] != '{'))
        {
            return (null, "not CloudTrail JSON (no {\"Records\": …}, {\"Events\": …}, list, event or JSON lines)");
        }

        var list = head[0] == '[';
        var first = FirstValue(head, list, whole);
        if (first is not { } value)
        {
            // Longer than the head, or empty list: read as it is (the engine or the conversion says what is wrong).
            return (list ? CloudTrailLayout.Array : CloudTrailLayout.Event, "");
        }

        if (value.Length == 0)
        {
            return (list ? CloudTrailLayout.Array : CloudTrailLayout.Lines, ""); // not JSON: damaged, salvaged line by line or event by event
        }

        var json = head.Slice(value.Start, value.Length);
        if (!list && Wrapper(json) is { } wrapped)
        {
            return (wrapped, ""); // {"NextToken": …, "Events": […]}: the keys in another order
        }

        if (!list && IsLogstashEvent(json) && !json.Contains((byte)'\n'))
        {
            return (CloudTrailLayout.LogstashLines, "");
        }

        if (NotAnEvent(json) is { } why)
        {
            return (null, why);
        }

        return (list ? CloudTrailLayout.Array : head.Slice(value.Start, value.Length).Contains((byte)'\n') ? CloudTrailLayout.Event : CloudTrailLayout.Lines, "");
    }

    /// <summary>Why this JSON value is not a CloudTrail event, or null when it is one.</summary>
    public static string? NotAnEvent(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(Utf8Repair.Of(json.ToArray()).Bytes);
            return NotAnEvent(doc.RootElement);
        }
        catch (JsonException)
        {
            return null; // damaged, not foreign: salvage decides
        }
    }

    /// <summary>
    /// A CloudTrail event as Logstash's cloudtrail codec leaves it: no <c>eventTime</c> (moved to <c>@timestamp</c>),
    /// with <c>eventName</c> and <c>eventSource</c>.
    /// </summary>
    private static bool IsLogstashEvent(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(Utf8Repair.Of(json.ToArray()).Bytes);
            var e = doc.RootElement;
            return e.ValueKind == JsonValueKind.Object && !e.TryGetProperty("eventTime", out _)
                && e.TryGetProperty("@timestamp", out var t) && t.ValueKind == JsonValueKind.String
                && e.TryGetProperty("eventName", out _) && e.TryGetProperty("eventSource", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>An object holding the events in a "Records" or "Events" list (not as its first key), or null.</summary>
    private static CloudTrailLayout? Wrapper(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(Utf8Repair.Of(json.ToArray()).Bytes);
            var root = doc.RootElement;
            return root.ValueKind != JsonValueKind.Object || root.TryGetProperty("eventTime", out _) ? null
                : root.TryGetProperty("Records", out var r) && r.ValueKind == JsonValueKind.Array ? CloudTrailLayout.Records
                : root.TryGetProperty("Events", out var e) && e.ValueKind == JsonValueKind.Array ? CloudTrailLayout.LookupEvents
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Why this element is not a CloudTrail event (every event has <c>eventTime</c> and <c>eventName</c>), or null.</summary>
    public static string? NotAnEvent(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"not CloudTrail: its first event is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an object";
        }

        if (element.TryGetProperty("eventTime", out _) && element.TryGetProperty("eventName", out _))
        {
            return null;
        }

        if (element.TryGetProperty("@timestamp", out _) && element.TryGetProperty("eventName", out _))
        {
            return "a CloudTrail event as Logstash's cloudtrail codec leaves it (eventTime moved to @timestamp), read only as JSON lines, one event per line";
        }

        var keys = element.EnumerateObject().Select(p => p.Name).Take(5).ToList();
        return "not CloudTrail: its first object has no eventTime and eventName" + (keys.Count == 0 ? "" : $" (its keys: {string.Join(", ", keys)}{(keys.Count == 5 ? ", …" : "")})");
    }

    /// <summary>The first value (of the list, or of the file): where it starts and its length; length 0 when it is not JSON; null when the head ends inside it or the list is empty.</summary>
    private static (int Start, int Length)? FirstValue(ReadOnlySpan<byte> head, bool list, bool whole)
    {
        try
        {
            var reader = new Utf8JsonReader(head, isFinalBlock: whole, state: default);
            if (!reader.Read())
            {
                return null;
            }

            if (list && (!reader.Read() || reader.TokenType == JsonTokenType.EndArray))
            {
                return null;
            }

            var at = (int)reader.TokenStartIndex;
            return reader.TrySkip() ? (at, (int)reader.BytesConsumed - at) : null;
        }
        catch (JsonException)
        {
            return (0, 0);
        }
    }

    [GeneratedRegex(@"^\{\s*""Records""\s*:")]
    private static partial Regex RecordsHead();

    [GeneratedRegex(@"^\{\s*""Events""\s*:")]
    private static partial Regex EventsHead();
}
