using System.Globalization;
using System.Text.Json;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers.Logs;

namespace EksIr.Reporting;

/// <summary>A container's log messages for a terminal (one line each) and as JSON (kept, or streamed so that a multi-gigabyte log never sits in memory).</summary>
public static class LogViews
{
    /// <summary>One message as a terminal line: time, stream, the message with its control characters escaped (the file it came from is in the JSON).</summary>
    public static string Text(LogLine line) => string.Create(CultureInfo.InvariantCulture, $"{line.Time} {line.Stream} {TerminalText.Escape(line.Message)}");

    /// <summary>What stands for the time of a message that had none (said as a problem by its reader).</summary>
    public const string NoTime = "(no time)";

    /// <summary>
    /// The log file a message came from, by its name: the current one (0.log, &lt;id&gt;-json.log, container.log) or a rotated
    /// one (0.log.20261120-091500.gz, json.log.1); Docker's 64-hex container id before -json.log left out, as the card names the container.
    /// </summary>
    public static string FileOf(LogLine line)
    {
        var name = Path.GetFileName(line.File);
        return name.Length > 65 && name[64] == '-' && name[..64].All(char.IsAsciiHexDigitLower) ? name[65..] : name;
    }

    /// <summary>The headers of a table of messages (<see cref="Row"/>).</summary>
    public static IReadOnlyList<string> Headers { get; } = ["Time (UTC)", "File", "Stream", "Message"];

    /// <summary>A message as a table row, cut at <paramref name="width"/> characters (the length said), so one huge line cannot swamp the view.</summary>
    public static IReadOnlyList<string?> Row(LogLine line, int width) =>
        [line.Time?.ToString() ?? NoTime, FileOf(line), line.Stream, line.Message.Length > width ? line.Message[..width] + $"… ({line.Message.Length} characters)" : line.Message];

    /// <summary>Every message, one line each.</summary>
    public static string Text(IEnumerable<LogLine> lines) => string.Concat(lines.Select(l => Text(l) + "\n"));

    /// <summary>One message as a JSON object (time, stream, message, file, line).</summary>
    public static object Json(LogLine line) => new { Time = line.Time?.ToString(), line.Stream, line.Message, line.File, line.Line };

    /// <summary>
    /// The messages as a JSON array written as they are read, in the shape of <see cref="Json(LogLine)"/>. Written to
    /// bytes, not through a redacting writer: each message is redacted here.
    /// </summary>
    public static void WriteJson(IEnumerable<LogLine> lines, Stream output, CancellationToken cancellation)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
        foreach (var line in lines)
        {
            cancellation.ThrowIfCancellationRequested();
            json.WriteStartObject();
            json.WriteString("time", line.Time?.ToString());
            json.WriteString("stream", line.Stream);
            json.WriteString("message", Secrets.Redact(line.Message));
            json.WriteString("file", line.File);
            json.WriteNumber("line", line.Line);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.Flush();
        output.WriteByte((byte)'\n');
    }
}
