using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EksIr.Investigation.Timeline;

/// <summary>
/// The super-timeline for other tools: Timesketch JSON lines (message, datetime as Timesketch's importer documents it —
/// ISO 8601 with microseconds and +00:00 —, timestamp in µs, timestamp_desc, plus the time with its nanoseconds, source,
/// action, the entities by kind, evidence and row id) and CSV with the same columns (Timesketch's CSV import
/// takes it; a cell starting with = + - @ is prefixed with ' so a spreadsheet does not run it as a formula).
/// </summary>
public static class TimelineExport
{
    public static readonly IReadOnlyList<string> Columns =
        ["datetime", "timestamp", "timestamp_desc", "message", "time_ns", "source", "action", .. EntityKinds.All.Select(Field), "evidence", "event_id"];

    public static void WriteTimesketchJsonl(IEnumerable<IncidentEvent> events, TextWriter writer)
    {
        foreach (var e in events)
        {
            var record = new Dictionary<string, object?>();
            foreach (var (column, value) in Row(e))
            {
                record[column] = value;
            }

            record["data_type"] = "eksir:" + e.Source;
            writer.Write(JsonSerializer.Serialize(record));
            writer.Write('\n');
        }
    }

    public static void WriteCsv(IEnumerable<IncidentEvent> events, TextWriter writer)
    {
        writer.Write(string.Join(",", Columns) + "\r\n");
        foreach (var e in events)
        {
            writer.Write(string.Join(",", Row(e).Select(c => Cell(Convert.ToString(c.Value, CultureInfo.InvariantCulture) ?? ""))) + "\r\n");
        }
    }

    public static string TimesketchJsonl(IEnumerable<IncidentEvent> events)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTimesketchJsonl(events, writer);
        return writer.ToString();
    }

    public static string Csv(IEnumerable<IncidentEvent> events)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteCsv(events, writer);
        return writer.ToString();
    }

    /// <summary>The rows in a format by name (timesketch: JSON lines; csv), or by the file's extension when no name is given.</summary>
    public static string Render(IEnumerable<IncidentEvent> events, string? format, string? file = null)
    {
        var chosen = format ?? (file?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true ? "csv" : "timesketch");
        return chosen switch
        {
            "timesketch" or "jsonl" => TimesketchJsonl(events),
            "csv" => Csv(events),
            _ => throw new InvestigationException($"--format {chosen}: timesketch (JSON lines) or csv"),
        };
    }

    /// <summary>What the row's time means, as Timesketch's timestamp_desc says it.</summary>
    public static string TimeMeaning(IncidentEvent e) => e.Source switch
    {
        TimelineSources.ContainerFile => e.Action,
        TimelineSources.CloudTrail => "Event Time",
        TimelineSources.Audit => "Request Received Time",
        TimelineSources.GuardDuty => "First Seen Time",
        TimelineSources.Memory => "Process Start Time",
        TimelineSources.Containerd or TimelineSources.Docker => "Creation Time",
        _ => "Log Time",
    };

    private static IEnumerable<(string Column, object? Value)> Row(IncidentEvent e)
    {
        var utc = DateTimeOffset.FromUnixTimeSeconds(e.Time.UnixSeconds).UtcDateTime;
        yield return ("datetime", utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + (e.Time.Nanoseconds / 1000).ToString("D6", CultureInfo.InvariantCulture) + "+00:00");
        yield return ("timestamp", e.Time.UnixSeconds * 1_000_000 + e.Time.Nanoseconds / 1000);
        yield return ("timestamp_desc", TimeMeaning(e));
        yield return ("message", $"[{e.Source}] {e.Summary}");
        yield return ("time_ns", e.Time.ToString());
        yield return ("source", e.Source);
        yield return ("action", e.Action);
        foreach (var kind in EntityKinds.All)
        {
            yield return (Field(kind), string.Join(" ", e.Entities.Where(x => x.Kind == kind).Select(x => x.Value)));
        }

        yield return ("evidence", e.Evidence.ToString());
        yield return ("event_id", e.Id);
    }

    private static string Field(string kind) => kind.Replace('-', '_');

    private static string Cell(string value)
    {
        var text = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
