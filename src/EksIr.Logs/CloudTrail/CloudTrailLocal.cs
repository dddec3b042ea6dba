using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Logs.Sql;

namespace EksIr.Logs.CloudTrail;

/// <summary>
/// CloudTrail SQL over local exports: the query's partition predicates leave out files first (like Athena's partition
/// projection), the remaining files are handed to DuckDB through pipes (<see cref="EvidencePipes"/>: read through the
/// evidence root, access times kept, each read journaled) as the <c>cloudtrail</c> table, and the query runs. A file
/// DuckDB cannot read (cut-off gzip, malformed JSON, non-UTF-8 bytes, oversized lines) is salvaged event by event
/// into a temporary copy outside the evidence, and every skip is reported. The engine is locked down unless
/// <see cref="LogEngineOptions.AllowExternalAccess"/> (see <see cref="LogEngineOptions"/>).
/// </summary>
public sealed class CloudTrailLocal : ICloudTrailSql, IDisposable
{
    private const long RecordsObjectLimit = 2L << 30;

    /// <summary>The table a query that scans <c>cloudtrail</c> more than once reads instead, filled by one scan.</summary>
    private const string Copied = "__cloudtrail_rows";
    private readonly CloudTrailFolder _folder;
    private readonly string _scratch = Directory.CreateTempSubdirectory("eksir-cloudtrail-").FullName;
    private readonly DuckDbSession _db;
    private readonly Dictionary<string, (string Path, List<EvidenceProblem> Problems)> _salvaged = new(StringComparer.Ordinal);
    private readonly HashSet<string> _readable = new(StringComparer.Ordinal);
    private int _pipeFolders;

    public CloudTrailLocal(EvidenceRoot root, string folder, LogEngineOptions? options = null)
    {
        options ??= LogEngineOptions.LockedDown;
        try
        {
            _folder = CloudTrailFolder.Open(root, folder);
            _db = new DuckDbSession(options, options.Folders(root, _scratch));
        }
        catch
        {
            Directory.Delete(_scratch, recursive: true);
            throw;
        }
    }

    public string Description => $"CloudTrail {(_folder.Folder.Length == 0 ? "." : _folder.Folder)} ({Counted.Of(_folder.Files.Count, "file")})";

    public IReadOnlyList<CloudTrailFile> Files => _folder.Files;

    /// <summary>Files that are not CloudTrail or not readable at all (listed once, not queried).</summary>
    public IReadOnlyList<EvidenceProblem> Problems => _folder.Problems;

    public Task<QueryResult> QueryAsync(string sql, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Query(sql, progress, cancellationToken), cancellationToken);

    public QueryResult Query(string sql, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var filter = PartitionFilter.FromSql(sql);
        var selected = _folder.Files.Where(filter.Keeps).ToList();
        var pruning = filter.WhyNotPruned is { } why ? $"not pruned: {why}"
            : filter.PredicateCount > 0 ? $"partition predicates left out {Counted.Of(_folder.Files.Count - selected.Count, "file")}" : null;
        if (selected.Sum(f => f.Size) > 256L << 20)
        {
            progress?.Report($"reading {selected.Count} of {_folder.Files.Count} CloudTrail files ({ByteSize.Format(selected.Sum(f => f.Size))})");
        }

        var read = CloudTrailSchema.Used(sql);
        Convert(selected, cancellationToken);
        var attempt = Run(selected, read, sql, cancellationToken);
        if (attempt.Answer is null)
        {
            progress?.Report("some files are damaged: checking each and salvaging what can be read");
            SalvageDamaged(selected, cancellationToken);
            attempt = Run(selected, read, sql, cancellationToken);
        }

        var (columns, rows) = attempt.Answer ?? throw new SqlQueryException(attempt.Why);
        var skipped = _folder.Problems.Concat(selected.Where(f => _salvaged.ContainsKey(f.EvidencePath)).SelectMany(f => _salvaged[f.EvidencePath].Problems)).ToList();
        return new QueryResult(columns, rows, new QueryScan(selected.Count, _folder.Files.Count, selected.Sum(f => f.Size), pruning, skipped));
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }

    /// <summary>An answer, or why there is none: the engine could not read a file, or a file could not be read to its end.</summary>
    private sealed record Attempt((IReadOnlyList<QueryColumn> Columns, List<object?[]> Rows)? Answer, string Why);

    /// <summary>Runs the SQL with the <c>cloudtrail</c> view over these files (salvaged copies in place of damaged ones).</summary>
    private Attempt Run(IReadOnlyList<CloudTrailFile> files, IReadOnlySet<string> read, string sql, CancellationToken cancellationToken)
    {
        using var pipes = new EvidencePipes(_folder.Root, Path.Combine(_scratch, $"pipes-{++_pipeFolders}"),
            files.Where(f => !_salvaged.ContainsKey(f.EvidencePath)).Select(f => f.EvidencePath).ToList());
        try
        {
            DefineTable(files, read, pipes);
            if (!ScansOnce(sql))
            {
                _db.Execute($"CREATE OR REPLACE TEMP TABLE {Copied} AS SELECT * FROM {CloudTrailSchema.Table}");
                _db.Execute($"CREATE OR REPLACE TEMP VIEW {CloudTrailSchema.Table} AS SELECT * FROM {Copied}");
            }

            var answer = _db.Query(sql, cancellationToken: cancellationToken);
            return pipes.Failures.Count == 0 ? new Attempt(answer, "") : new Attempt(null, string.Join("; ", pipes.Failures));
        }
        catch (SqlQueryException e) when (IsReadError(e.Message) || pipes.Failures.Count > 0)
        {
            return new Attempt(null, pipes.Failures.Count == 0 ? e.Message : string.Join("; ", pipes.Failures));
        }
        finally
        {
            _db.Execute($"DROP TABLE IF EXISTS {Copied}");
        }
    }

    /// <summary>
    /// Whether the SQL reads each file once: a single SELECT whose plan has no more scans than <c>SELECT *</c> has. Two
    /// scans of one pipe at once would share its stream (each reader getting part of it), so a query that scans the
    /// table twice (a self-join, two subqueries, a UNION of it with itself), or that is not one SELECT, reads the rows
    /// once into a table first. A query the engine refuses to plan streams: it fails before anything is read.
    /// </summary>
    private bool ScansOnce(string sql)
    {
        var (_, parsed) = _db.Query($"SELECT json_serialize_sql({Quote(sql)})");
        using var json = System.Text.Json.JsonDocument.Parse((string)parsed[0][0]!);
        if (json.RootElement.GetProperty("error").GetBoolean() || json.RootElement.GetProperty("statements").GetArrayLength() != 1)
        {
            return false;
        }

        int Scans(string query)
        {
            var (_, plan) = _db.Query("EXPLAIN " + query);
            return plan.Sum(row => row.Sum(cell => System.Text.RegularExpressions.Regex.Count(cell as string ?? "", "READ_JSON")));
        }

        try
        {
            return Scans(sql) <= Scans($"SELECT * FROM {CloudTrailSchema.Table}");
        }
        catch (SqlQueryException)
        {
            return true;
        }
    }

    /// <summary>(Re)defines the <c>cloudtrail</c> view over these files: each through its pipe, or its salvaged copy.</summary>
    private void DefineTable(IReadOnlyList<CloudTrailFile> files, IReadOnlySet<string> read, EvidencePipes pipes)
    {
        _db.Execute("CREATE OR REPLACE TEMP TABLE __files (filename VARCHAR, evidence_path VARCHAR)");
        var reads = new List<string>();
        var piped = 0;
        var sources = files.Select(f => _salvaged.TryGetValue(f.EvidencePath, out var s)
                ? (Path: s.Path, Layout: f.Layout == CloudTrailLayout.LogstashLines ? CloudTrailLayout.LogstashLines : CloudTrailLayout.Lines, File: f)
            : (Path: pipes.Paths[piped++], f.Layout, File: f)).ToList();
        foreach (var batch in sources.Chunk(500))
        {
            _db.Execute("INSERT INTO __files VALUES " + string.Join(", ", batch.Select(s => $"({Quote(s.Path)}, {Quote(s.File.EvidencePath)})")));
        }

        foreach (var group in sources.GroupBy(s => s.Layout))
        {
            var list = "[" + string.Join(", ", group.Select(s => Quote(s.Path))) + "]";
            reads.Add(group.Key switch
            {
                CloudTrailLayout.Records =>
                    $"SELECT unnest(r), filename FROM (SELECT unnest(\"Records\") AS r, filename FROM read_json({list}, columns={CloudTrailSchema.RecordsArgument(read)}, " +
                    $"format='unstructured', records=true, filename=true, maximum_object_size={RecordsObjectLimit}))",
                CloudTrailLayout.LogstashLines => CloudTrailSchema.LogstashSelect(
                    $"read_json({list}, columns={CloudTrailSchema.LogstashColumnsArgument(read)}, format='newline_delimited', records=true, filename=true, maximum_object_size={JsonEventSalvage.MaxEventBytes})"),
                CloudTrailLayout.Array =>
                    $"SELECT * FROM read_json({list}, columns={CloudTrailSchema.ColumnsArgument(read)}, format='array', records=true, filename=true, maximum_object_size={JsonEventSalvage.MaxEventBytes})",
                _ => $"SELECT * FROM read_json({list}, columns={CloudTrailSchema.ColumnsArgument(read)}, format='newline_delimited', records=true, filename=true, maximum_object_size={JsonEventSalvage.MaxEventBytes})",
            });
        }

        _db.Execute($"CREATE OR REPLACE TEMP TABLE __empty ({CloudTrailSchema.TableColumns(read)})");
        var source = reads.Count == 0 ? "SELECT * FROM __empty" : string.Join("\nUNION ALL BY NAME\n", reads);
        _db.Execute($"CREATE OR REPLACE TEMP VIEW {CloudTrailSchema.Table} AS\nSELECT\n  {CloudTrailSchema.Projection("__files.evidence_path", read)}\n" +
                    $"FROM ({source}) AS src LEFT JOIN __files USING (filename)");
    }

    /// <summary>
    /// Writes out, once, the files the engine cannot read as they are (one event over several lines, lookup-events
    /// output) as JSON lines beside the salvaged copies; what could not be kept is said with them.
    /// </summary>
    private void Convert(IReadOnlyList<CloudTrailFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files.Where(f => f.Layout is CloudTrailLayout.Event or CloudTrailLayout.LookupEvents && !_salvaged.ContainsKey(f.EvidencePath)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var problems = new List<EvidenceProblem>();
            var copy = Path.Combine(_scratch, $"{_salvaged.Count:D6}.jsonl");
            CloudTrailConversion.Convert(_folder.Root, file, copy, problems);
            _salvaged[file.EvidencePath] = (copy, problems);
        }
    }

    /// <summary>Reads each file not yet known good on its own; those the engine cannot read are salvaged into copies.</summary>
    private void SalvageDamaged(IReadOnlyList<CloudTrailFile> files, CancellationToken cancellationToken)
    {
        var all = CloudTrailSchema.Fields.Select(f => f.Key).ToHashSet();
        foreach (var file in files.Where(f => !_readable.Contains(f.EvidencePath) && !_salvaged.ContainsKey(f.EvidencePath)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Run([file], all, $"SELECT count(*) FROM {CloudTrailSchema.Table}", cancellationToken).Answer is not null)
            {
                _readable.Add(file.EvidencePath);
                continue;
            }

            var problems = new List<EvidenceProblem>();
            var copy = Path.Combine(_scratch, $"{_salvaged.Count:D6}.jsonl");
            JsonEventSalvage.SalvageAndSay(new JsonEventSalvage.Source(_folder.Root, file.EvidencePath, file.Layout == CloudTrailLayout.Lines, "{\"eventVersion\""), copy, problems);
            _salvaged[file.EvidencePath] = (copy, problems);
        }
    }

    private static bool IsReadError(string message) =>
        message.Contains("in file", StringComparison.OrdinalIgnoreCase) || message.Contains("gzip", StringComparison.OrdinalIgnoreCase)
        || message.Contains("Malformed JSON", StringComparison.OrdinalIgnoreCase) || message.Contains("maximum_object_size", StringComparison.OrdinalIgnoreCase)
        || message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || message.Contains("UTF8", StringComparison.OrdinalIgnoreCase);

    private static string Quote(string s) => SqlText.Literal(s);
}
