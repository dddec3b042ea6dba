using System.Text.Json;
using EksIr.Disk.Containers.Docker;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Logs;

/// <summary>
/// Docker's json-file driver: <c>containers/&lt;id&gt;/&lt;id&gt;-json.log</c> (rotated as <c>.1</c>, <c>.2</c>… —
/// higher is older — optionally gzipped), one <c>{"log":…,"stream":…,"time":…}</c> object per line; a message longer
/// than 16 KiB is split into chunks whose <c>log</c> does not end in a newline, joined here.
/// </summary>
public static class DockerJsonLogReader
{
    /// <summary>The container's json-file logs, oldest first; a folder below its own that cannot be read is said in <paramref name="problems"/>.</summary>
    public static IReadOnlyList<string> Files(EvidenceRoot root, string containerId, ICollection<EvidenceProblem> problems)
    {
        var id = EvidenceName.Of(containerId, "container id");
        var directory = $"{DockerPaths.Containers}/{id}";
        var current = $"{id}-json.log";
        return root.Walk(directory, problems, "a log file in it is not read")
            .Where(e => e.Kind == EvidenceEntryKind.File && Path.GetFileName(e.Path).StartsWith(current, StringComparison.Ordinal))
            .Select(e => e.Path)
            .OrderByDescending(p => Rotation(Path.GetFileName(p)[current.Length..]))
            .ToArray();
    }

    private static int Rotation(string suffix) => int.TryParse(suffix.TrimStart('.').Split('.')[0], out var n) ? n : 0;

    /// <summary>
    /// A line's time. The driver writes Go's RFC3339Nano in UTC; a time with no zone (hand-made lines, such as plaso's
    /// test data) is read as UTC and said; a missing or unreadable one leaves the line without a time, and is said.
    /// </summary>
    private static PreciseTime? Time(string? text, string file, long line, List<EvidenceProblem> problems)
    {
        if (Rfc3339.TryParse(text) is { } time)
        {
            return time;
        }

        var shown = text is { Length: <= 40 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '-' or '+' or ' ') ? $"'{text}'" : $"({text?.Length ?? 0} characters)";
        if (text is not null && !text.EndsWith('Z') && Rfc3339.TryParse(text + "Z") is { } utc)
        {
            problems.Add(new EvidenceProblem(file, $"line {line}", $"time {shown} has no zone; read as UTC, as the json-file driver writes it"));
            return utc;
        }

        problems.Add(new EvidenceProblem(file, $"line {line}", text is null ? "no time field; the line is kept without a time" : $"unreadable time {shown}; the line is kept without a time"));
        return null;
    }

    public static IEnumerable<LogLine> Read(EvidenceRoot root, IEnumerable<string> files, List<EvidenceProblem> problems)
    {
        foreach (var file in files)
        {
            var partial = new Dictionary<string, (PreciseTime? Time, long Line, System.Text.StringBuilder Text)>(StringComparer.Ordinal);
            foreach (var line in LogFileLines.Read(root, file, problems))
            {
                if (line.Text.Length == 0)
                {
                    continue;
                }

                string? log, streamName, time;
                try
                {
                    using var doc = EvidenceJson.Parse(System.Text.Encoding.UTF8.GetBytes(line.Text), file, problems, where: $"line {line.Number}");
                    log = doc.RootElement.Str("log");
                    streamName = doc.RootElement.Str("stream");
                    time = doc.RootElement.Str("time");
                }
                catch (JsonException e)
                {
                    problems.Add(new EvidenceProblem(file, $"line {line.Number}", line.Length > BoundedLineReader.MaxLineBytes
                        ? "cut, so unreadable as JSON" : "malformed JSON: " + e.Message.Split(" LineNumber")[0]));
                    continue;
                }

                if (log is null || streamName is null)
                {
                    problems.Add(new EvidenceProblem(file, $"line {line.Number}", "no log or stream field"));
                    continue;
                }

                var parsed = Time(time, file, line.Number, problems);
                if (!log.EndsWith('\n'))
                {
                    if (!partial.TryGetValue(streamName, out var open))
                    {
                        partial[streamName] = open = (parsed, line.Number, new System.Text.StringBuilder());
                    }

                    open.Text.Append(log);
                    continue;
                }

                var message = log[..^1];
                yield return partial.Remove(streamName, out var started)
                    ? new LogLine(started.Time, streamName, started.Text.Append(message).ToString(), file, started.Line)
                    : new LogLine(parsed, streamName, message, file, line.Number);
            }

            foreach (var (name, open) in partial)
            {
                yield return new LogLine(open.Time, name, open.Text.ToString(), file, open.Line);
            }
        }
    }
}
