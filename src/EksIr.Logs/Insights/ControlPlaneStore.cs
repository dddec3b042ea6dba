using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// A case's control-plane logs kept in a DuckDB file inside the case folder (never inside the evidence), so that a large
/// export is read once: the first query of a case reads every file into it; later queries, later sessions and other
/// notebooks of the case read the store. Each file is recorded with its path, size, modification time, SHA-256 (of the
/// read that took it in) and the problems met reading it (said again whenever the store is used). A file that changed,
/// appeared or went away since is read again or taken out, and said. Each file's rows are kept in time order, so a time
/// window reads only its part. A store that cannot be opened, or was written by another version, is rebuilt, with a note.
/// </summary>
internal static class ControlPlaneStore
{
    /// <summary>The store's layout; another number means the store is rebuilt.</summary>
    public const int Version = 3;

    /// <summary>The events table; <see cref="LogsTable.Name"/> is a view of it that reads @message from the evidence where the store keeps none.</summary>
    private const string Events = "__events";

    /// <summary>The function reading an event's line from the evidence (<see cref="EvidenceLineReader"/>).</summary>
    private const string EvidenceLine = "__evidence_line";

    /// <summary>The longest event taken in by its offset (the engine buffers this much per part it reads); a longer one is taken in with its text.</summary>
    private const int TaggedEventBytes = 4 << 20;

    /// <summary>The discovered fields the store keeps in columns of their own (queries read them instead of @message).</summary>
    public static readonly IReadOnlySet<string> StoredFields = LogsTable.StoredFields.ToHashSet(StringComparer.Ordinal);

    public sealed record Opened(DuckDbSession Db, EvidenceLineReader Lines, IReadOnlyList<LogFile> Files, List<EvidenceProblem> Problems, long Events, string Note);

    /// <summary>The store's file for these logs in a case folder: one per evidence folder and log group.</summary>
    public static string PathFor(string caseFolder, EvidenceRoot root, string folder, string? logGroup)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{root.FullPath}\n{folder}\n{logGroup}")))[..16];
        return Path.Combine(caseFolder, "stores", $"control-plane-{key}.duckdb");
    }

    /// <summary>Opens (building or bringing up to date) the store; null when another session holds it (the caller reads the evidence itself).</summary>
    public static Opened? Open(string file, LogEngineOptions options, IReadOnlyList<string> folders, EvidenceRoot root, string folder, string? logGroup, string scratch)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var notes = new List<string>();
        DuckDbSession db;
        try
        {
            db = new DuckDbSession(options, folders, file);
        }
        catch (SqlQueryException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        catch (SqlQueryException e)
        {
            notes.Add($"the case store could not be opened ({e.Message.Split('\n')[0]}); rebuilt");
            Delete(file);
            db = new DuckDbSession(options, folders, file);
        }

        try
        {
            var stored = Prepare(db, folder, logGroup, notes);
            var problems = new List<EvidenceProblem>();
            var files = new List<LogFile>();
            var reads = new FileReads();
            var observed = root.Observed(reads);
            var changed = 0;
            var byOffset = 0;
            foreach (var entry in ControlPlaneLogs.Candidates(root, folder, problems))
            {
                var (size, modified) = Stat(root, entry.Path);
                if (stored.Remove(entry.Path, out var before) && before.Size == size && before.Modified == modified)
                {
                    problems.AddRange(before.Problems);
                    if (before.Layout is { } layout)
                    {
                        files.Add(new LogFile(entry.Path, size, layout));
                    }

                    continue;
                }

                if (before is not null)
                {
                    problems.Add(new EvidenceProblem(entry.Path, "file",
                        $"changed since the case store took it in ({before.Size} → {size} bytes, modified {before.Modified} → {modified}); read again"));
                }

                var fileProblems = new List<EvidenceProblem>();
                var logFile = ControlPlaneLogs.Classify(observed, entry, fileProblems);
                if (logFile is not null)
                {
                    byOffset += Ingest(db, observed, logFile, logGroup, scratch, fileProblems) ? 1 : 0;
                    if (reads.Sha256(entry.Path) is null)
                    {
                        HashWhole(observed, entry.Path); // streamed in parts: the SHA-256 from a whole read of its own
                    }

                    files.Add(logFile);
                }
                else
                {
                    db.Execute($"DELETE FROM {Events} WHERE __file = {SqlText.Literal(entry.Path)}");
                }

                Record(db, entry.Path, size, modified, logFile?.Layout, reads.Sha256(entry.Path), fileProblems);
                problems.AddRange(fileProblems);
                changed++;
            }

            foreach (var gone in stored.Keys)
            {
                db.Execute($"DELETE FROM {Events} WHERE __file = {SqlText.Literal(gone)}");
                db.Execute($"DELETE FROM __files WHERE path = {SqlText.Literal(gone)}");
                problems.Add(new EvidenceProblem(gone, "file", "was in the case store but is no longer in the evidence; its events were taken out"));
                changed++;
            }

            if (changed > 0)
            {
                db.Execute("CHECKPOINT");
            }

            var (_, rows) = db.Query($"SELECT count(*) FROM {Events}");
            var events = Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture);
            notes.Insert(0, changed == 0 ? "from the case store"
                : $"case store: {Counted.Of(changed, "file")} read in" + (byOffset == 0 ? "" : $", {byOffset} of them kept by their place in the evidence (each event's text read from there when a query needs it)"));
            var lines = new EvidenceLineReader(root, JsonEventSalvage.MaxEventBytes);
            db.Connection.RegisterScalarFunction<string, ulong, string>(EvidenceLine, (inputs, output, count) =>
            {
                for (ulong row = 0; row < count; row++)
                {
                    output.WriteValue(lines.Line(inputs[0].GetValue<string>(row), checked((long)inputs[1].GetValue<ulong>(row))), row);
                }
            });
            db.Execute($"CREATE OR REPLACE TEMP VIEW {LogsTable.Name} AS SELECT \"@timestamp\", " +
                       $"CASE WHEN __message IS NOT NULL THEN __message WHEN __wrapped THEN json_extract_string({EvidenceLine}(__file, __offset), '$.message') " +
                       $"ELSE {EvidenceLine}(__file, __offset) END AS \"@message\", \"@logStream\", \"@log\", \"@ingestionTime\", {LogsTable.JsonFlag}, __file, " +
                       $"{string.Join(", ", LogsTable.StoredFields.Select(f => InsightsSql.Quote(LogsTable.StoredColumn(f))))} FROM {Events}");
            return new Opened(db, lines, files, problems, events, string.Join("; ", notes));
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>A file the store took in: how it was then, its layout (null: not a log export), what reading it met.</summary>
    private sealed record StoredFile(long Size, string Modified, LogFileLayout? Layout, IReadOnlyList<EvidenceProblem> Problems);

    /// <summary>The store's tables, created (or recreated when of another version or other logs); the files it holds.</summary>
    private static Dictionary<string, StoredFile> Prepare(DuckDbSession db, string folder, string? logGroup, List<string> notes)
    {
        var stored = new Dictionary<string, StoredFile>(StringComparer.Ordinal);
        var (_, tables) = db.Query("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary");
        var existing = tables.Select(t => (string)t[0]!).ToHashSet(StringComparer.Ordinal);
        if (existing.Contains("__store") && Read(db, folder, logGroup, stored))
        {
            return stored;
        }

        if (existing.Count > 0)
        {
            notes.Add("the case store was written by another version of the engine, or for other logs; rebuilt");
        }

        foreach (var table in existing)
        {
            db.Execute($"DROP TABLE {InsightsSql.Quote(table)}");
        }

        db.Execute($"CREATE TABLE {Events} (\"@timestamp\" TIMESTAMP, __message VARCHAR, \"@logStream\" VARCHAR, \"@log\" VARCHAR, \"@ingestionTime\" TIMESTAMP, " +
                   $"{LogsTable.JsonFlag} BOOLEAN, __wrapped BOOLEAN, __file VARCHAR, __offset UBIGINT, " +
                   $"{string.Join(", ", LogsTable.StoredFields.Select(f => InsightsSql.Quote(LogsTable.StoredColumn(f)) + " VARCHAR"))})");
        db.Execute("CREATE TABLE __files (path VARCHAR PRIMARY KEY, size BIGINT, modified VARCHAR, layout VARCHAR, sha256 VARCHAR, problems VARCHAR)");
        db.Execute($"CREATE TABLE __store AS SELECT {Version} AS version, {SqlText.Literal(folder)} AS folder, {SqlText.Literal(logGroup ?? "")} AS log_group");
        return stored;
    }

    /// <summary>The files a store of this version and these logs holds; false when it is not one (its tables unlike these).</summary>
    private static bool Read(DuckDbSession db, string folder, string? logGroup, Dictionary<string, StoredFile> stored)
    {
        try
        {
            var (_, info) = db.Query("SELECT version, folder, log_group FROM __store");
            if (info.Count == 1 && Convert.ToInt32(info[0][0], CultureInfo.InvariantCulture) == Version && (string?)info[0][1] == folder && (string?)info[0][2] == (logGroup ?? ""))
            {
                var (_, files) = db.Query("SELECT path, size, modified, layout, problems FROM __files");
                foreach (var f in files)
                {
                    var problems = JsonSerializer.Deserialize<List<EvidenceProblem>>((string)f[4]!) ?? [];
                    var layout = f[3] is string name && Enum.TryParse<LogFileLayout>(name, out var l) ? l : (LogFileLayout?)null;
                    stored[(string)f[0]!] = new StoredFile(Convert.ToInt64(f[1], CultureInfo.InvariantCulture), (string)f[2]!, layout, problems);
                }

                return true;
            }
        }
        catch (SqlQueryException)
        {
            // tables of another layout
        }

        stored.Clear();
        return false;
    }

    /// <summary>
    /// A file's events into the store. A plain JSON-lines file is streamed in with each line marked with its offset
    /// (<see cref="LineTagger"/>), and only the time, the stored fields and the offset are kept: @message is read again
    /// from the evidence for the rows a query needs it for. In file order, which is time order for the API server's own
    /// log. When that cannot take every line (a line not JSON, without a time, too long, fields of another shape), and
    /// for other layouts and gzip files, the events are read by the loader that names each bad line and kept with their
    /// text, sorted by time on the way in. Either way the zone maps of a time window are then all a query reads.
    /// </summary>
    /// <returns>Whether the file was kept by offset (its text left in the evidence).</returns>
    private static bool Ingest(DuckDbSession db, EvidenceRoot root, LogFile file, string? logGroup, string scratch, List<EvidenceProblem> problems)
    {
        db.Execute($"DELETE FROM {Events} WHERE __file = {SqlText.Literal(file.EvidencePath)}");
        var group = SqlText.Literal(logGroup ?? "");
        if (file.Layout == LogFileLayout.JsonLines && !file.EvidencePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            && ControlPlaneLogs.InsertThroughPipe(db, Events, root, OneShotScan.Parts(root, file), scratch,
                pipes => $"INSERT INTO {Events} BY NAME {JsonFieldsRead.Rows(file, group, pipes, LogsTable.StoredFields, TaggedEventBytes, tagged: true) ?? throw new InvalidOperationException("the stored fields cannot be read as columns")}",
                new LineTagger(TaggedEventBytes)) is not null)
        {
            return true;
        }

        db.Execute($"CREATE OR REPLACE TEMP TABLE __staging ({LogsTable.Columns})");
        ControlPlaneLogs.LoadFile(db, "__staging", root, file, logGroup, scratch, problems);
        var rows = LogsTable.StoredFieldsSql($"SELECT *, {SqlText.Literal(file.EvidencePath)} AS __file FROM __staging");
        db.Execute($"INSERT INTO {Events} BY NAME SELECT * EXCLUDE (\"@message\"), \"@message\" AS __message, false AS __wrapped FROM ({rows}) ORDER BY \"@timestamp\"");
        db.Execute("DROP TABLE __staging");
        return false;
    }

    private static void Record(DuckDbSession db, string path, long size, string modified, LogFileLayout? layout, string? sha256, List<EvidenceProblem> problems) =>
        db.Execute($"INSERT OR REPLACE INTO __files VALUES ({SqlText.Literal(path)}, {size}, {SqlText.Literal(modified)}, " +
                   $"{(layout is { } l ? SqlText.Literal(l.ToString()) : "NULL")}, " +
                   $"{(sha256 is null ? "NULL" : SqlText.Literal(sha256))}, {SqlText.Literal(JsonSerializer.Serialize(problems))})");

    private static (long Size, string Modified) Stat(EvidenceRoot root, string path)
    {
        var status = root.Volume.Lstat(root.VolumePath(root.Resolve(path)));
        return (status?.Size ?? -1, status?.ModifyTime.ToString() ?? "");
    }

    private static void HashWhole(EvidenceRoot observed, string path)
    {
        try
        {
            using var stream = observed.OpenRead(path);
            stream.CopyTo(Stream.Null, 1 << 20);
        }
        catch (IOException)
        {
            // the ingest names what it could not read; the manifest then has no hash for it
        }
    }

    private static void Delete(string file)
    {
        foreach (var f in new[] { file, file + ".wal" })
        {
            if (File.Exists(f))
            {
                File.Delete(f);
            }
        }
    }

    /// <summary>The SHA-256 of each file read whole while taking it in (a file read in parts has none).</summary>
    private sealed class FileReads : IEvidenceReadRecorder
    {
        private readonly Dictionary<string, string> _sha256 = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public void Record(EvidenceFileRead read)
        {
            if (read.Sha256 is { } sha)
            {
                lock (_lock)
                {
                    _sha256[read.Path] = sha;
                }
            }
        }

        public string? Sha256(string path)
        {
            lock (_lock)
            {
                return _sha256.TryGetValue(path, out var sha) ? sha : null;
            }
        }
    }
}
