using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// One query run straight over the evidence, nothing loaded ahead: <c>logs</c> is a view over the JSON-lines files
/// streamed to the engine (through <see cref="EvidencePipes"/>, a large plain file in parts read side by side), and
/// when the query names texts every answer holds (<see cref="LiteralPrefilter"/>) only the lines holding them are sent
/// and parsed (<see cref="LineSelector"/>). The engine reads only the fields the query names, and aggregates as it goes.
/// <para>
/// Nothing is skipped unsaid: a line the engine cannot read (not JSON, too long, not UTF-8), an event it reads without a
/// time, or a file that cannot be read to its end fails the query, and the caller loads the export instead with the
/// reader that names each bad line (<see cref="ControlPlaneLogs.Load"/>). Files of other layouts are read whole first.
/// </para>
/// </summary>
internal static class OneShotScan
{
    /// <summary>
    /// The longest event streamed (the engine keeps buffers of this size per file it reads): a longer one — rare, a
    /// Kubernetes object is at most a few MiB — fails the stream and the export is loaded instead, where it is kept or named.
    /// </summary>
    private const int StreamedEventBytes = 4 << 20;

    /// <summary>
    /// A plain file is cut into parts of about this size, read side by side and one after the other: the engine buffers
    /// what it reads from a pipe, so that small parts keep its memory small whatever the file's size.
    /// </summary>
    private const long PartSize = 16L << 20;

    /// <summary>The answer, and the lines streamed (null when the engine stopped early, as a limit lets it).</summary>
    /// <param name="FieldsOnly">Whether the lines were read for the fields the query names only (it reads no @message).</param>
    public sealed record Answer(List<object?[]> Rows, long? Lines, int FilesStreamed, int FilesReadWhole, bool FieldsOnly)
    {
        /// <summary>How the answer was read, for the query's note.</summary>
        public string Describe(LiteralPrefilter.Need? need) => string.Join("; ", new[]
        {
            FilesStreamed == 0 ? null
                : $"streamed {(Lines is { } lines ? Counted.Of(lines, "line") + " of " : "")}{Counted.Of(FilesStreamed, "JSON-lines file")}" + (need is null ? "" : $", parsing only the lines holding {need.Describe()}")
                  + (FieldsOnly ? ", reading only the fields the query names" : ""),
            FilesReadWhole == 0 ? null : $"{Counted.Of(FilesReadWhole, "file")} of another layout read whole",
        }.OfType<string>());
    }

    /// <summary>Runs <paramref name="sql"/> over the files; null when streaming could not answer (the caller loads instead).</summary>
    /// <param name="fields">The discovered fields <paramref name="sql"/> reads as columns of their own (<see cref="LogsTable.StoredColumn"/>):
    /// taken from each line in the parse that finds its time.</param>
    public static Answer? Run(DuckDbSession db, EvidenceRoot root, IReadOnlyList<LogFile> files, LiteralPrefilter.Need? need, string? logGroup, string scratch,
        string sql, IReadOnlyCollection<string> fields, List<EvidenceProblem> problems, CancellationToken cancellationToken)
    {
        var group = SqlText.Literal(logGroup ?? "");
        var whole = files.Where(f => f.Layout != LogFileLayout.JsonLines).ToList();
        var streamed = files.Where(f => f.Layout == LogFileLayout.JsonLines).ToList();
        db.Execute($"CREATE OR REPLACE TEMP TABLE __whole ({LogsTable.Columns})");
        foreach (var file in whole)
        {
            ControlPlaneLogs.LoadFile(db, "__whole", root, file, logGroup, scratch, problems);
        }

        try
        {
            var parts = streamed.Select(f => Parts(root, f)).ToList();
            // A query that reads no @message reads each line's fields only (no text kept); one whose fields cannot be read
            // so (a key both a value and an object, in the query or in the lines) is run again on the lines' text.
            if (!sql.Contains("\"@message\"", StringComparison.Ordinal)
                && Attempt(db, root, scratch, streamed, parts, need, group, sql, fields, textless: true, whole.Count, cancellationToken) is { } answer)
            {
                return answer;
            }

            return Attempt(db, root, scratch, streamed, parts, need, group, sql, fields, textless: false, whole.Count, cancellationToken);
        }
        finally
        {
            db.Execute("DROP TABLE IF EXISTS __whole");
        }
    }

    private static Answer? Attempt(DuckDbSession db, EvidenceRoot root, string scratch, List<LogFile> streamed, List<List<EvidencePipes.Source>> parts, LiteralPrefilter.Need? need,
        string group, string sql, IReadOnlyCollection<string> fields, bool textless, int wholeFiles, CancellationToken cancellationToken)
    {
        using var pipes = new EvidencePipes(root, Path.Combine(scratch, $"pipes-{Guid.NewGuid():N}"), parts.SelectMany(p => p).ToList(),
            need is null ? null : new LineSelector(need.AllOf, JsonEventSalvage.MaxEventBytes));
        var loaded = LogsTable.StoredFieldsSql("SELECT * FROM __whole", fields);
        var selects = new List<string> { textless ? $"SELECT * EXCLUDE (\"@message\") FROM ({loaded})" : loaded };
        var next = 0;
        for (var f = 0; f < streamed.Count; f++)
        {
            var pipeList = "[" + string.Join(", ", pipes.Paths.Skip(next).Take(parts[f].Count).Select(SqlText.Literal)) + "]";
            next += parts[f].Count;
            var rows = textless ? JsonFieldsRead.Rows(streamed[f], group, pipeList, fields, StreamedEventBytes, tagged: false) : Rows(streamed[f], group, pipeList, fields);
            if (rows is null)
            {
                return null;
            }

            selects.Add(rows);
        }

        db.Execute($"CREATE OR REPLACE TEMP VIEW {LogsTable.Name} AS {string.Join(" UNION ALL BY NAME ", selects)}");
        try
        {
            var (_, answer) = db.Query(sql, cancellationToken: cancellationToken);
            if (pipes.Failures.Count > 0)
            {
                return null;
            }

            var counts = Enumerable.Range(0, pipes.Paths.Count).Select(pipes.Lines).ToList();
            return new Answer(answer, counts.All(c => c is not null) ? counts.Sum() : null, streamed.Count, wholeFiles, textless && streamed.Count > 0);
        }
        catch (SqlQueryException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            db.Execute($"DROP VIEW IF EXISTS {LogsTable.Name}");
        }
    }

    /// <summary>
    /// The events of one file's pipes (<paramref name="pipeList"/>, a SQL list; only the lines holding the query's texts
    /// when the pipes select them). An event without a time, or too long, would be skipped or cut here: the query fails
    /// instead, and the reader that names it is used.
    /// </summary>
    public static string Rows(LogFile file, string group, string pipeList, IReadOnlyCollection<string> fields)
    {
        var lines = $"SELECT CAST(json AS VARCHAR) AS line FROM read_json_objects({pipeList}, format='newline_delimited', maximum_object_size={StreamedEventBytes})";
        var rows = ControlPlaneLogs.JsonLinesRows(file, group, lines, fields);
        return $"SELECT * FROM ({rows}) WHERE CASE WHEN \"@timestamp\" IS NULL OR length(\"@message\") > {JsonEventSalvage.MaxEventBytes} " +
               "THEN error('eksir: an event without a time or too long') ELSE true END";
    }

    /// <summary>
    /// A gzip file as one part; a plain file cut at line ends into parts of about <see cref="PartSize"/>, the line ends
    /// found by reading a little after each cut, not the whole file.
    /// </summary>
    public static List<EvidencePipes.Source> Parts(EvidenceRoot root, LogFile file)
    {
        var count = file.EvidencePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? 1 : (int)Math.Clamp(file.Size / PartSize, 1, 100_000);
        if (count == 1)
        {
            return [new EvidencePipes.Source(file.EvidencePath)];
        }

        var cuts = new List<long> { 0 };
        using var stream = root.OpenRead(file.EvidencePath);
        var buffer = new byte[1 << 16];
        for (var k = 1; k < count; k++)
        {
            var at = Math.Max(cuts[^1], file.Size * k / count);
            stream.Seek(at, SeekOrigin.Begin);
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                var newline = buffer.AsSpan(0, n).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    at += newline + 1;
                    break;
                }

                at += n;
            }

            if (n == 0 || at >= file.Size)
            {
                break;
            }

            cuts.Add(at);
        }

        return cuts.Select((start, i) => new EvidencePipes.Source(file.EvidencePath, start, i + 1 < cuts.Count ? cuts[i + 1] - start : -1)).ToList();
    }
}
