using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// EKS control-plane log events (the log group <c>/aws/eks/&lt;cluster&gt;/cluster</c>) from a folder in the evidence, loaded
/// into the <c>logs</c> table Logs Insights queries read: <c>aws logs filter-log-events</c> output (read by the
/// engine), JSON lines (CloudWatch events, or raw Kubernetes audit events) and CloudWatch's S3 export (lines of
/// "timestamp message" under a folder per stream). Bad input is skipped and counted, never fatal. Every file is read
/// through the evidence root (journaled, access time kept); what the engine reads comes to it through a pipe
/// (<see cref="EvidencePipes"/>).
/// </summary>
public static class ControlPlaneLogs
{
    public const string Columns = LogsTable.Columns;

    private const string CliEventType = "STRUCT(\"logStreamName\" VARCHAR, \"timestamp\" BIGINT, \"message\" VARCHAR, \"ingestionTime\" BIGINT)";

    /// <summary>Loads every log file under <paramref name="folder"/>; returns the files read and the problems met.</summary>
    public static (IReadOnlyList<LogFile> Files, List<EvidenceProblem> Problems, long Events) Load(DuckDbSession db, EvidenceRoot root, string folder, string? logGroup,
        string scratch)
    {
        if (!root.DirectoryExists(folder))
        {
            throw new EvidenceAccessException(folder.Length == 0 ? "." : folder, "no such log folder in the evidence");
        }

        db.Execute($"CREATE OR REPLACE TABLE {LogsTable.Name} ({Columns})");
        var problems = new List<EvidenceProblem>();
        var files = Discover(root, folder, problems);
        foreach (var file in files)
        {
            LoadFile(db, LogsTable.Name, root, file, logGroup, scratch, problems);
        }

        var (_, rows) = db.Query($"SELECT count(*) FROM {LogsTable.Name}");
        return (files, problems, Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture));
    }

    /// <summary>Reads one log file into <paramref name="table"/> (the columns of <see cref="LogsTable"/>), whatever its layout.</summary>
    public static void LoadFile(DuckDbSession db, string table, EvidenceRoot root, LogFile file, string? logGroup, string scratch, List<EvidenceProblem> problems)
    {
        var group = EksIr.Logs.Sql.SqlText.Literal(logGroup ?? "");
        switch (file.Layout)
        {
            case LogFileLayout.CliEvents:
                LoadCliEvents(db, table, root, file, group, scratch, problems);
                break;
            case LogFileLayout.JsonLines:
                if (!LoadJsonLines(db, table, root, file, group, scratch))
                {
                    LoadLines(db, table, root, file, logGroup, problems, json: true);
                }

                break;
            default:
                LoadLines(db, table, root, file, logGroup, problems, json: false);
                break;
        }
    }

    /// <summary>The log files under a folder of the evidence, with their layout; what is not a log export is a problem.</summary>
    public static List<LogFile> Discover(EvidenceRoot root, string folder, List<EvidenceProblem> problems) =>
        Candidates(root, folder, problems).Select(entry => Classify(root, entry, problems)).OfType<LogFile>().ToList();

    /// <summary>The files under a folder that may hold log events (not folders, links or hidden files), in path order.</summary>
    public static IReadOnlyList<EvidenceEntry> Candidates(EvidenceRoot root, string folder, List<EvidenceProblem> problems) =>
        root.Walk(folder, (path, why) => problems.Add(new EvidenceProblem(path, "folder", $"not readable: {why}")))
            .Where(e => e.Kind == EvidenceEntryKind.File && !Path.GetFileName(e.Path).StartsWith('.'))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();

    /// <summary>A file's layout from its first bytes; null, with the problem said, when it is not a log export.</summary>
    public static LogFile? Classify(EvidenceRoot root, EvidenceEntry entry, List<EvidenceProblem> problems)
    {
        var head = Head(root, entry.Path);
        if (head is null)
        {
            problems.Add(new EvidenceProblem(entry.Path, "byte 0", "not readable (damaged gzip?); skipped"));
            return null;
        }

        var text = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        LogFileLayout? layout = text.StartsWith('{') && System.Text.RegularExpressions.Regex.IsMatch(text, @"^\{\s*""(events|nextForwardToken|searchedLogStreams)""")
            ? LogFileLayout.CliEvents
            : text.StartsWith('{') ? LogFileLayout.JsonLines
            : text.Length > 20 && char.IsDigit(text[0]) && DateTimeOffset.TryParse(text.Split(' ', 2)[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
                ? LogFileLayout.S3Export
                : null;
        if (layout is null && entry.Size > 0)
        {
            problems.Add(new EvidenceProblem(entry.Path, "byte 0", "not a log export this reader knows (filter-log-events JSON, JSON lines, S3 export); skipped"));
        }

        return layout is { } known ? new LogFile(entry.Path, entry.Size, known) : null;
    }

    private static string? Head(EvidenceRoot root, string path)
    {
        try
        {
            using var file = root.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            var buffer = new byte[512];
            var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null;
        }
    }

    private static void LoadCliEvents(DuckDbSession db, string table, EvidenceRoot root, LogFile file, string group, string scratch, List<EvidenceProblem> problems)
    {
        var stem = EksIr.Logs.Sql.SqlText.Literal(Path.GetFileNameWithoutExtension(file.EvidencePath));
        string Insert(string source) =>
            $"INSERT INTO {table} SELECT make_timestamp(e.\"timestamp\" * 1000), e.message, coalesce(e.\"logStreamName\", {stem}), {group}, " +
            $"make_timestamp(e.\"ingestionTime\" * 1000), {EventEnvelope.IsJsonMessage(_ => "e.message")} FROM ({source})";
        if (InsertThroughPipe(db, table, root, [new EvidencePipes.Source(file.EvidencePath)], scratch, pipe => Insert($"SELECT unnest(events) AS e FROM read_json({pipe}, columns={{events: '{CliEventType}[]'}}, " +
                                                                      $"format='unstructured', records=true, maximum_object_size={uint.MaxValue})")) is not null)
        {
            return;
        }

        var copy = Path.Combine(scratch, $"{Guid.NewGuid():N}.jsonl");
        var kept = JsonEventSalvage.SalvageAndSay(new JsonEventSalvage.Source(root, file.EvidencePath, false, "{\"logStreamName\""), copy, problems);
        if (kept > 0)
        {
            db.Execute(Insert($"SELECT struct_pack(\"logStreamName\" := \"logStreamName\", \"timestamp\" := \"timestamp\", message := message, \"ingestionTime\" := \"ingestionTime\") AS e " +
                              $"FROM read_json({EksIr.Logs.Sql.SqlText.Literal(copy)}, columns={{\"logStreamName\": 'VARCHAR', \"timestamp\": 'BIGINT', message: 'VARCHAR', \"ingestionTime\": 'BIGINT'}}, " +
                              $"format='newline_delimited', records=true)"));
        }
    }

    /// <summary>
    /// Runs an INSERT that reads one evidence file, handed to the engine through pipes (one per part); returns the rows inserted, or
    /// null with nothing inserted when the engine could not read the file or the file could not be read to its end.
    /// Leaves <c>__mark</c> holding the last row before the insert.
    /// </summary>
    internal static long? InsertThroughPipe(DuckDbSession db, string table, EvidenceRoot root, IReadOnlyList<EvidencePipes.Source> parts, string scratch, Func<string, string> insert,
        IPipeLines? lines = null)
    {
        db.Execute($"CREATE OR REPLACE TEMP TABLE __mark AS SELECT coalesce(max(rowid), -1) AS last FROM {table}");
        long? inserted = null;
        var pipes = new EvidencePipes(root, Path.Combine(scratch, $"pipes-{Guid.NewGuid():N}"), parts, lines);
        try
        {
            inserted = db.Execute(insert("[" + string.Join(", ", pipes.Paths.Select(EksIr.Logs.Sql.SqlText.Literal)) + "]"));
        }
        catch (SqlQueryException)
        {
            // read line by line or salvaged instead, where each problem is named
        }
        finally
        {
            pipes.Dispose();
        }

        if (inserted is not null && pipes.Failures.Count > 0)
        {
            db.Execute($"DELETE FROM {table} WHERE rowid > (SELECT last FROM __mark)");
            return null;
        }

        return inserted;
    }

    /// <summary>
    /// JSON lines read by the engine (fast path), streamed in parts as a one-shot query streams them
    /// (<see cref="OneShotScan.Rows"/>): a CloudWatch event per line ({timestamp, message, logStreamName}) or the logged
    /// event itself. A line the engine cannot read, or an event without a time, fails the read and nothing is kept; false
    /// then, and the file is read line by line instead to name each bad line.
    /// </summary>
    private static bool LoadJsonLines(DuckDbSession db, string table, EvidenceRoot root, LogFile file, string group, string scratch) =>
        InsertThroughPipe(db, table, root, OneShotScan.Parts(root, file), scratch, pipes => $"INSERT INTO {table} SELECT {LogsColumnNames} FROM ({OneShotScan.Rows(file, group, pipes, [])})") is not null;

    private static readonly string LogsColumnNames = string.Join(", ", LogsTable.SystemFields.Select(InsightsSql.Quote).Append(LogsTable.JsonFlag));

    /// <summary>
    /// The <see cref="LogsTable"/> columns of JSON lines, from a relation of their text (<c>line</c>): a CloudWatch event per
    /// line ({timestamp, message, logStreamName}) or the logged event itself (its stageTimestamp / requestReceivedTimestamp /
    /// @timestamp / timestamp / time / eventTime). A line with neither has no time. Each of <paramref name="fields"/> comes
    /// as a column of its own (<see cref="LogsTable.StoredColumn"/>) holding what <see cref="DiscoveredField.Sql"/> reads
    /// from @message — for a logged event, from the same parse of the line as its time.
    /// </summary>
    internal static string JsonLinesRows(LogFile file, string group, string lines, IReadOnlyCollection<string>? fields = null)
    {
        string Key(string key) => EventEnvelope.At("v", key);
        var cloudWatch = EventEnvelope.IsCloudWatch(Key);
        var paths = EventEnvelope.Keys.Select(k => InsightsSql.JsonPath([k])).Concat((fields ?? []).SelectMany(DiscoveredField.Paths)).Distinct(StringComparer.Ordinal).ToList();
        var fieldColumns = (fields ?? []).Select(f =>
            $", CASE WHEN {cloudWatch} THEN {DiscoveredField.Sql(f, Key("message"), EventEnvelope.IsJsonMessage(Key))} ELSE {DiscoveredField.FromExtracted(f, paths, "v")} END " +
            $"AS {InsightsSql.Quote(LogsTable.StoredColumn(f))}");
        return $"SELECT {EventEnvelope.Columns(Key, cloudWatch, file, group)}, CASE WHEN {cloudWatch} THEN {Key("message")} ELSE line END AS \"@message\"{string.Concat(fieldColumns)} " +
               $"FROM (SELECT line, json_extract_string(line, [{string.Join(", ", paths.Select(EksIr.Logs.Sql.SqlText.Literal))}]) AS v FROM ({lines}))";
    }

    /// <summary>JSON lines or S3-export lines, parsed here and appended: each bad line skipped with its number.</summary>
    private static void LoadLines(DuckDbSession db, string table, EvidenceRoot root, LogFile file, string? logGroup, List<EvidenceProblem> problems, bool json)
    {
        var stream = file.Layout == LogFileLayout.S3Export ? Path.GetFileName(Path.GetDirectoryName(file.EvidencePath)) ?? "" : Path.GetFileNameWithoutExtension(file.EvidencePath);
        using var appender = db.Appender(table);
        using var raw = root.OpenRead(file.EvidencePath);
        using Stream input = file.EvidencePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new CheckedGzipStream(raw) : raw;
        var reader = new EksIr.Disk.Containers.Logs.BoundedLineReader(input, JsonEventSalvage.MaxEventBytes);
        var number = 0;
        var skipped = 0;
        var repaired = 0;
        try
        {
            while (reader.NextBytes() is { } line)
            {
                number++;
                if (line.Length > JsonEventSalvage.MaxEventBytes)
                {
                    problems.Add(new EvidenceProblem(file.EvidencePath, $"line {number}", $"longer than {JsonEventSalvage.MaxEventBytes} bytes; skipped"));
                    continue;
                }

                var utf8 = Utf8Repair.Of(line.Bytes.ToArray());
                if (utf8.Problem(file.EvidencePath, $"line {number}") is { } replaced && ++repaired <= 20)
                {
                    problems.Add(replaced);
                }

                var text = Encoding.UTF8.GetString(utf8.Bytes).TrimEnd('\r');
                if (text.Length == 0)
                {
                    continue;
                }

                var parsed = json ? FromJson(text, stream, file.EvidencePath, $"line {number}", problems) : FromExport(text, stream);
                if (parsed is not { } e)
                {
                    if (++skipped <= 20)
                    {
                        problems.Add(new EvidenceProblem(file.EvidencePath, $"line {number}", json ? "not a JSON log event with a time; skipped" : "no leading timestamp; skipped"));
                    }

                    continue;
                }

                appender.CreateRow().AppendValue(e.Time.UtcDateTime).AppendValue(e.Message).AppendValue(e.Stream).AppendValue(logGroup ?? "")
                    .AppendValue(e.Ingestion?.UtcDateTime).AppendValue(JsonObject(e.Message)).EndRow();
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            problems.Add(new EvidenceProblem(file.EvidencePath, $"line {number + 1}", $"gzip damaged or cut off ({ex.Message}); kept the lines before it"));
        }

        if (skipped > 20)
        {
            problems.Add(new EvidenceProblem(file.EvidencePath, "file", $"{Counted.Of(skipped, "line")} skipped in all (the first 20 are listed)"));
        }

        if (repaired > 20)
        {
            problems.Add(new EvidenceProblem(file.EvidencePath, "file", $"{Counted.Of(repaired, "line")} with bytes that are not UTF-8 in all, replaced with U+FFFD and kept (the first 20 are listed)"));
        }
    }

    private static bool JsonObject(string message)
    {
        if (!message.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(message);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (DateTimeOffset Time, string Message, string Stream, DateTimeOffset? Ingestion)? FromExport(string line, string stream)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && DateTimeOffset.TryParse(line[..space], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? (t, line[(space + 1)..], stream, null)
            : null;
    }

    /// <summary>A CloudWatch time (milliseconds since 1970) that a date holds; null for anything else.</summary>
    private static DateTimeOffset? UnixMilliseconds(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms) && ms >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private static (DateTimeOffset Time, string Message, string Stream, DateTimeOffset? Ingestion)? FromJson(string line, string stream, string file, string where,
        List<EvidenceProblem> problems)
    {
        try
        {
            using var doc = EvidenceJson.Parse(Encoding.UTF8.GetBytes(line), file, problems, where: where);
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // A CloudWatch event ({timestamp, message, logStreamName}) or the logged event itself (audit: stageTimestamp).
            if (r.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String && r.TryGetProperty("timestamp", out var ms)
                && UnixMilliseconds(ms) is { } time)
            {
                var s = r.TryGetProperty("logStreamName", out var ls) && ls.ValueKind == JsonValueKind.String ? ls.GetString()! : stream;
                var ingestion = r.TryGetProperty("ingestionTime", out var it) ? UnixMilliseconds(it) : null;
                return (time, message.GetString()!, s, ingestion);
            }

            foreach (var key in new[] { "stageTimestamp", "requestReceivedTimestamp", "@timestamp", "timestamp", "time", "eventTime" })
            {
                if (r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
                {
                    return (t, line, stream, null);
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
