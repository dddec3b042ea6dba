using EksIr.Core.Containers;
using EksIr.Core.Evidence;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// Logs Insights over exported EKS control-plane logs: the folder's events are loaded once into the embedded engine,
/// each query is compiled to SQL (<see cref="InsightsCompiler"/>) and run there. Results are capped at 10,000 rows as
/// Logs Insights caps them, and the cap is said when it is hit. The engine is locked down unless
/// <see cref="LogEngineOptions.AllowExternalAccess"/> (see <see cref="LogEngineOptions"/>).
/// </summary>
public sealed class InsightsLocal : IInsightsQueries, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("eksir-logs-").FullName;
    private readonly DuckDbSession _db;
    private readonly IReadOnlyList<LogFile> _files;
    private readonly List<EvidenceProblem> _problems;
    private readonly string _folder;
    private readonly TimeProvider _clock;
    private readonly string? _note;

    public InsightsLocal(EvidenceRoot root, string folder, string? logGroup = null, LogEngineOptions? options = null, TimeProvider? clock = null)
    {
        options ??= LogEngineOptions.LockedDown;
        _clock = clock ?? TimeProvider.System;
        _folder = folder.Length == 0 ? "." : folder;
        try
        {
            var folders = options.Folders(root, _scratch);
            // The case folder is the second folder the engine may use, when there is one it may write to.
            if (options.CaseFolder is not null && folders.Count > 1
                && ControlPlaneStore.Open(ControlPlaneStore.PathFor(folders[1], root, folder, logGroup), options, folders, root, folder, logGroup, _scratch) is { } store)
            {
                (_db, _files, _problems, Events, _note) = (store.Db, store.Files, store.Problems, store.Events, store.Note);
            }
            else
            {
                _db = new DuckDbSession(options, folders);
                (_files, _problems, Events) = ControlPlaneLogs.Load(_db, root, folder, logGroup, _scratch);
                _note = options.CaseFolder is null ? null : "the case store is in use by another session: read from the evidence";
            }

            InsightsFunctions.AddTo(_db);
        }
        catch
        {
            _db?.Dispose();
            Directory.Delete(_scratch, recursive: true);
            throw;
        }
    }

    public long Events { get; }

    public IReadOnlyList<EvidenceProblem> Problems => _problems;

    public string Description => $"logs {_folder} ({_files.Count} files, {Events} events{(_note is null ? "" : "; " + _note)})";

    public Task<QueryResult> QueryAsync(string query, DateTimeOffset? start = null, DateTimeOffset? end = null, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default) =>
        Task.Run(() => Query(query, start, end, cancellationToken), cancellationToken);

    public QueryResult Query(string query, DateTimeOffset? start = null, DateTimeOffset? end = null, CancellationToken cancellationToken = default)
    {
        var (sql, columns, capped) = InsightsCompiler.Compile(query, _clock.GetUtcNow(), start, end);
        var (_, rows) = _db.Query(sql, cancellationToken: cancellationToken);
        string? note = null;
        if (capped && rows.Count > LogsTable.MaxRows)
        {
            rows.RemoveAt(rows.Count - 1);
            note = $"the first {LogsTable.MaxRows:N0} rows, as Logs Insights returns at most; add | limit or narrow the query";
        }

        var types = columns.Select(c => new QueryColumn(c, "")).ToList();
        return new QueryResult(types, rows, new QueryScan(_files.Count, _files.Count, _files.Sum(f => f.Size), note, _problems));
    }

    /// <summary>The SQL a query compiles to (shown by the kernel on request, and in tests).</summary>
    public static string Sql(string query) => InsightsCompiler.Compile(query, DateTimeOffset.UnixEpoch).Sql;

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}
