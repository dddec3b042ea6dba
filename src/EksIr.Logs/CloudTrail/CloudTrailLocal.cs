using EksIr.Core.Containers;
using EksIr.Core.Evidence;
using EksIr.Logs.Sql;

namespace EksIr.Logs.CloudTrail;

/// <summary>
/// CloudTrail SQL over local exports: the query's partition predicates leave out files first (like Athena's partition
/// projection), the remaining files are read in place by DuckDB as the <c>cloudtrail</c> table, and the query runs.
/// A file DuckDB cannot read (cut-off gzip, malformed JSON, non-UTF-8 bytes, oversized lines) is salvaged event by
/// event into a temporary copy outside the evidence, and every skip is reported. Every file read is journaled.
/// </summary>
public sealed class CloudTrailLocal : ICloudTrailSql, IDisposable
{
    private const long RecordsObjectLimit = 2L << 30;
    private readonly CloudTrailFolder _folder;
    private readonly DuckDbSession _db = new();
    private readonly string _scratch = Directory.CreateTempSubdirectory("eksir-cloudtrail-").FullName;
    private readonly Dictionary<string, (string Path, List<EvidenceProblem> Problems)> _salvaged = new(StringComparer.Ordinal);
    private readonly HashSet<string> _readable = new(StringComparer.Ordinal);

    public CloudTrailLocal(EvidenceRoot root, string folder)
    {
        _folder = CloudTrailFolder.Open(root, folder);
    }

    public string Description => $"CloudTrail {(_folder.Folder.Length == 0 ? "." : _folder.Folder)} ({_folder.Files.Count} files)";

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
            : filter.PredicateCount > 0 ? $"partition predicates left out {_folder.Files.Count - selected.Count} files" : null;
        if (selected.Sum(f => f.Size) > 256L << 20)
        {
            progress?.Report($"reading {selected.Count} of {_folder.Files.Count} CloudTrail files ({EksIr.Core.Reporting.ByteSize.Format(selected.Sum(f => f.Size))})");
        }
        (IReadOnlyList<QueryColumn> Columns, List<object?[]> Rows) answer;
        try
        {
            DefineTable(selected, CloudTrailSchema.Used(sql));
            answer = _db.Query(sql, cancellationToken: cancellationToken);
        }
        catch (SqlQueryException e) when (IsReadError(e.Message))
        {
            progress?.Report("some files are damaged: checking each and salvaging what can be read");
            SalvageDamaged(selected, cancellationToken);
            DefineTable(selected, CloudTrailSchema.Used(sql));
            answer = _db.Query(sql, cancellationToken: cancellationToken);
        }

        foreach (var file in selected)
        {
            _folder.Root.Recorder?.Record(new EvidenceFileRead(file.EvidencePath, file.Size, file.Size, null));
        }

        var skipped = _folder.Problems.Concat(selected.Where(f => _salvaged.ContainsKey(f.HostPath)).SelectMany(f => _salvaged[f.HostPath].Problems)).ToList();
        return new QueryResult(answer.Columns, answer.Rows, new QueryScan(selected.Count, _folder.Files.Count, selected.Sum(f => f.Size), pruning, skipped));
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }

    /// <summary>(Re)defines the <c>cloudtrail</c> view over these files (salvaged copies in place of damaged ones).</summary>
    private void DefineTable(IReadOnlyList<CloudTrailFile> files, IReadOnlySet<string> read)
    {
        _db.Execute("CREATE OR REPLACE TEMP TABLE __files (filename VARCHAR, evidence_path VARCHAR)");
        var reads = new List<string>();
        var sources = files.Select(f => _salvaged.TryGetValue(f.HostPath, out var s) ? (Path: s.Path, Layout: CloudTrailLayout.Lines, File: f) : (Path: f.HostPath, f.Layout, File: f)).ToList();
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
                    $"format='unstructured', filename=true, maximum_object_size={RecordsObjectLimit}))",
                CloudTrailLayout.Array =>
                    $"SELECT * FROM read_json({list}, columns={CloudTrailSchema.ColumnsArgument(read)}, format='array', filename=true, maximum_object_size={JsonEventSalvage.MaxEventBytes})",
                _ => $"SELECT * FROM read_json({list}, columns={CloudTrailSchema.ColumnsArgument(read)}, format='newline_delimited', filename=true, maximum_object_size={JsonEventSalvage.MaxEventBytes})",
            });
        }

        _db.Execute($"CREATE OR REPLACE TEMP TABLE __empty ({CloudTrailSchema.TableColumns(read)})");
        var source = reads.Count == 0 ? "SELECT * FROM __empty" : string.Join("\nUNION ALL BY NAME\n", reads);
        _db.Execute($"CREATE OR REPLACE TEMP VIEW {CloudTrailSchema.Table} AS\nSELECT\n  {CloudTrailSchema.Projection("__files.evidence_path", read)}\n" +
                    $"FROM ({source}) AS src LEFT JOIN __files USING (filename)");
    }

    private void SalvageDamaged(IReadOnlyList<CloudTrailFile> files, CancellationToken cancellationToken)
    {
        foreach (var file in files.Where(f => !_readable.Contains(f.HostPath) && !_salvaged.ContainsKey(f.HostPath)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                DefineTable([file], CloudTrailSchema.Fields.Select(f => f.Key).ToHashSet());
                _db.Query($"SELECT count(*) FROM {CloudTrailSchema.Table}");
                _readable.Add(file.HostPath);
            }
            catch (SqlQueryException)
            {
                var problems = new List<EvidenceProblem>();
                var copy = Path.Combine(_scratch, $"{_salvaged.Count:D6}.jsonl");
                JsonEventSalvage.SalvageAndSay(new JsonEventSalvage.Source(file.HostPath, file.EvidencePath, file.Layout == CloudTrailLayout.Lines, "{\"eventVersion\""), copy, problems);
                _salvaged[file.HostPath] = (copy, problems);
            }
        }
    }

    private static bool IsReadError(string message) =>
        message.Contains("in file", StringComparison.OrdinalIgnoreCase) || message.Contains("gzip", StringComparison.OrdinalIgnoreCase)
        || message.Contains("Malformed JSON", StringComparison.OrdinalIgnoreCase) || message.Contains("maximum_object_size", StringComparison.OrdinalIgnoreCase)
        || message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || message.Contains("UTF8", StringComparison.OrdinalIgnoreCase);

    private static string Quote(string s) => SqlText.Literal(s);
}
