using EksIr.Core.Reporting;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// Logs Insights over exported EKS control-plane logs: the folder's events are loaded once into the embedded engine
/// (or kept in the case's store, <see cref="ControlPlaneStore"/>), each query is compiled to SQL
/// (<see cref="InsightsCompiler"/>) and run there. Opened for one query (<c>oneShot</c>: the command line), nothing is
/// loaded ahead: the query streams the files (<see cref="OneShotScan"/>), and only when streaming cannot answer it
/// exactly is the export loaded. Results are capped at 10,000 rows as
/// Logs Insights caps them, and the cap is said when it is hit. The engine is locked down unless
/// <see cref="LogEngineOptions.AllowExternalAccess"/> (see <see cref="LogEngineOptions"/>).
/// </summary>
public sealed class InsightsLocal : IInsightsQueries, IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("eksir-logs-").FullName;
    private readonly DuckDbSession _db;
    private readonly IReadOnlyList<LogFile> _files;
    private List<EvidenceProblem> _problems;
    private readonly string _folder;
    private readonly TimeProvider _clock;
    private readonly string? _note;
    private readonly EvidenceRoot _root;
    private readonly string? _logGroup;
    private bool _loaded;
    private readonly IReadOnlySet<string>? _stored;
    private readonly EvidenceLineReader? _lines;
    private readonly LogEngineOptions _options;
    private readonly IReadOnlyList<string> _folders = [];
    private DuckDbSession? _stream;

    public InsightsLocal(EvidenceRoot root, string folder, string? logGroup = null, LogEngineOptions? options = null, TimeProvider? clock = null, bool oneShot = false)
    {
        (_root, _logGroup) = (root, logGroup);
        options ??= LogEngineOptions.LockedDown;
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _folder = folder.Length == 0 ? "." : folder;
        try
        {
            var folders = _folders = options.Folders(root, _scratch);
            // The case folder is the second folder the engine may use, when there is one it may write to.
            if (options.CaseFolder is not null && folders.Count > 1
                && ControlPlaneStore.Open(ControlPlaneStore.PathFor(folders[1], root, folder, logGroup), options, folders, root, folder, logGroup, _scratch) is { } store)
            {
                (_db, _lines, _files, _problems, Events, _note, _loaded, _stored) = (store.Db, store.Lines, store.Files, store.Problems, store.Events, store.Note, true, ControlPlaneStore.StoredFields);
            }
            else if (oneShot)
            {
                _db = new DuckDbSession(options, folders);
                _problems = [];
                _files = root.DirectoryExists(folder) ? ControlPlaneLogs.Discover(root, folder, _problems)
                    : throw new EvidenceAccessException(_folder, "no such log folder in the evidence");
                Events = -1;
            }
            else
            {
                _loaded = true;
                _db = new DuckDbSession(options, folders);
                (_files, _problems, Events) = ControlPlaneLogs.Load(_db, root, folder, logGroup, _scratch);
                _note = options.CaseFolder is null ? null : "the case store is in use by another session: read from the evidence";
            }

            InsightsFunctions.AddTo(_db);
        }
        catch
        {
            _db?.Dispose();
            _lines?.Dispose();
            Directory.Delete(_scratch, recursive: true);
            throw;
        }
    }

    /// <summary>The events loaded; -1 while none are (streamed at each query).</summary>
    public long Events { get; private set; }

    public IReadOnlyList<EvidenceProblem> Problems => _problems;

    public string Description => $"logs {_folder} ({Counted.Of(_files.Count, "file")}, {(_loaded ? Counted.Of(Events, "event") : "streamed at each query")}{(_note is null ? "" : "; " + _note)})";

    public Task<QueryResult> QueryAsync(string query, DateTimeOffset? start = null, DateTimeOffset? end = null, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default) =>
        Task.Run(() => Query(query, start, end, cancellationToken), cancellationToken);

    public QueryResult Query(string query, DateTimeOffset? start = null, DateTimeOffset? end = null, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var commands = InsightsCompiler.Parse(query);
        var compiled = InsightsCompiler.Compile(query, commands, now, start, end, _stored);
        var (sql, columns, capped) = compiled;
        var notes = new List<string>();
        List<object?[]>? rows = null;
        var problems = _problems;
        if (!_loaded)
        {
            problems = [.. _problems];
            rows = Stream(_db, query, commands, now, start, end, compiled.Fields, notes, problems, cancellationToken);
            if (rows is null)
            {
                var (_, loadProblems, events) = ControlPlaneLogs.Load(_db, _root, _folder, _logGroup, _scratch);
                (_problems, problems, Events, _loaded) = (loadProblems, loadProblems, events, true);
                notes.Add("loaded whole: streaming met a line or file it could not answer for exactly");
            }
        }
        else if (_lines is not null && sql.Contains("\"@message\"", StringComparison.Ordinal) && TextReadBack(query, commands, now, start, end) is { } reading and > TextReadBackLimit)
        {
            // The store would read the text of many events back one by one: streaming the files reads it faster.
            problems = [.. _problems];
            var all = InsightsCompiler.Compile(query, commands, now, start, end).Fields;
            _stream ??= Session(_options, _folders);
            rows = Stream(_stream, query, commands, now, start, end, all, notes, problems, cancellationToken);
            if (rows is not null)
            {
                notes.Insert(0, $"read from the evidence, not the case store: the query reads the text of {Counted.Of(reading, "event")}");
            }
            else
            {
                problems = _problems;
            }
        }

        if (rows is null)
        {
            (_, rows) = _db.Query(sql, cancellationToken: cancellationToken);
        }

        if (capped && rows.Count > LogsTable.MaxRows)
        {
            rows.RemoveAt(rows.Count - 1);
            notes.Add($"the first {LogsTable.MaxRows:N0} rows, as Logs Insights returns at most; add | limit or narrow the query");
        }

        var types = columns.Select(c => new QueryColumn(c, "")).ToList();
        return new QueryResult(types, rows, new QueryScan(_files.Count, _files.Count, _files.Sum(f => f.Size), notes.Count == 0 ? null : string.Join("; ", notes), problems));
    }

    /// <summary>
    /// The most events whose text a store query reads back from the evidence one by one (a few microseconds each);
    /// a query reading more is streamed over the files instead.
    /// </summary>
    private const long TextReadBackLimit = 20_000;

    /// <summary>
    /// One query over the files streamed (<see cref="OneShotScan"/>), the fields it reads as columns taken from each line
    /// with its time; null when streaming could not answer exactly.
    /// </summary>
    private List<object?[]>? Stream(DuckDbSession db, string query, IReadOnlyList<Command> commands, DateTimeOffset now, DateTimeOffset? start, DateTimeOffset? end,
        IReadOnlySet<string> fields, List<string> notes, List<EvidenceProblem> problems, CancellationToken cancellationToken)
    {
        var need = LiteralPrefilter.For(commands);
        var streamedSql = InsightsCompiler.Compile(query, commands, now, start, end, fields).Sql;
        if (OneShotScan.Run(db, _root, _files, need, _logGroup, _scratch, streamedSql, fields, problems, cancellationToken) is not { } answer)
        {
            return null;
        }

        notes.Add(answer.Describe(need));
        return answer.Rows;
    }

    /// <summary>
    /// How many events a store query reads the text of: those its leading filters on stored columns keep (counted on the
    /// store), or every event when they keep all.
    /// </summary>
    private long? TextReadBack(string query, IReadOnlyList<Command> commands, DateTimeOffset now, DateTimeOffset? start, DateTimeOffset? end)
    {
        if (ShowsTextOnly(query, commands, now, start, end))
        {
            return 0; // only the rows shown (at most the row cap), read back after the engine has chosen them
        }

        if (StoredNarrowing.CountQuery(query, commands, _stored!) is not { } count)
        {
            return Events;
        }

        try
        {
            var compiled = InsightsCompiler.Compile(count, now, start, end, _stored);
            return compiled.Sql.Contains("\"@message\"", StringComparison.Ordinal) ? Events : Convert.ToInt64(_db.Query(compiled.Sql).Rows[0][0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InsightsSyntaxException or SqlQueryException)
        {
            return Events;
        }
    }

    /// <summary>
    /// Whether the query reads the events' text only to show it (in <c>fields</c>, <c>display</c> or the default
    /// columns): the same query showing only @timestamp then reads no @message.
    /// </summary>
    private bool ShowsTextOnly(string query, IReadOnlyList<Command> commands, DateTimeOffset now, DateTimeOffset? start, DateTimeOffset? end)
    {
        var timestamp = new[] { new NamedExpr(FieldExpr.Of("@timestamp"), null) };
        var probe = commands.Select(c => c is FieldsCommand or DisplayCommand ? new FieldsCommand(timestamp, c.Keyword) : c).ToList();
        if (!probe.Any(c => c is StatsCommand))
        {
            probe.Add(new DisplayCommand(timestamp, default));
        }

        try
        {
            return !InsightsCompiler.Compile(query, probe, now, start, end, _stored).Sql.Contains("\"@message\"", StringComparison.Ordinal);
        }
        catch (InsightsSyntaxException)
        {
            return false; // a later command read a name the showing made: the text is read for more than the rows shown
        }
    }

    private static DuckDbSession Session(LogEngineOptions options, IReadOnlyList<string> folders)
    {
        var db = new DuckDbSession(options, folders);
        InsightsFunctions.AddTo(db);
        return db;
    }

    /// <summary>The SQL a query compiles to (shown by the kernel on request, and in tests).</summary>
    public static string Sql(string query) => InsightsCompiler.Compile(query, DateTimeOffset.UnixEpoch).Sql;

    public void Dispose()
    {
        _db.Dispose();
        _stream?.Dispose();
        _lines?.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}
