using System.Diagnostics;
using DuckDB.NET.Data;
using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Bench;

/// <summary>
/// Issue 13's figures, side by side in one run over one audit export (JSON lines spread over 30 days): one raw DuckDB
/// scan with the seed filter, jq with the same filter, each seed query streamed one at a time (the command line's way)
/// with the peak memory of that stage, then the case store's first build, each seed query on it, the super-timeline's
/// control-plane part for a 30-minute window, and reopening the unchanged store.
/// </summary>
public static class StoreBench
{
    private const string RawFilter = "json_extract_string(json, '$.objectRef.subresource') = 'exec' AND json_extract_string(json, '$.verb') = 'create'";

    /// <summary>Experiment: what DuckDB's table write costs under its settings (compression, insertion order) and columns.</summary>
    public static void Floor(string[] args)
    {
        var mib = LogsBench.Arg(args, "--audit-mib", 1024);
        var work = Path.Combine(Path.GetTempPath(), "eksir-bench-floor-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var file = LogsBench.WriteAudit(work, mib, spanDays: 30);
            LogsBench.Warm(file);
            for (var run = 0; run < 2; run++)
            {
                var raw = LogsBench.Time(() => RawScan(file, RawFilter));
                Console.WriteLine($"raw scan {raw.TotalSeconds:0.00} s");
                foreach (var (name, settings, columns) in new (string, string, string?)[]
                {
                    ("default", "", null),
                    ("uncompressed", "SET force_compression='uncompressed';", null),
                    ("no insertion order", "SET preserve_insertion_order=false;", null),
                    ("both", "SET force_compression='uncompressed'; SET preserve_insertion_order=false;", null),
                    ("time only", "", "t"),
                    ("without requestURI, auditID", "", "t, kind, stage, verb, username, ip, code, resource, subresource, namespace, name"),
                    ("without requestURI, auditID, uncompressed", "SET force_compression='uncompressed';", "t, kind, stage, verb, username, ip, code, resource, subresource, namespace, name"),
                })
                {
                    var t = LogsBench.Time(() => RawTable(file, Path.Combine(work, "raw.duckdb"), settings, columns));
                    Console.WriteLine($"  {name,-44} {t.TotalSeconds,6:0.00} s = {t / raw:0.00}x raw");
                }
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    public static void Run(string[] args)
    {
        var mib = LogsBench.Arg(args, "--audit-mib", 300);
        var storeOnly = args.Contains("--store-only"); // the raw scan and the store's figures only (no one-shot queries, no jq)
        var noJq = storeOnly || args.Contains("--no-jq"); // jq takes minutes on the largest files
        var work = Path.Combine(Path.GetTempPath(), "eksir-bench-store-" + Guid.NewGuid().ToString("N")[..8]);
        var evidence = Directory.CreateDirectory(Path.Combine(work, "evidence", "control-plane")).FullName;
        var caseFolder = Directory.CreateDirectory(Path.Combine(work, "case")).FullName;
        try
        {
            var file = LogsBench.WriteAudit(evidence, mib, spanDays: 30);
            LogsBench.Warm(file);
            var root = new EvidenceRoot(Path.Combine(work, "evidence"));
            Warmed(root); // the runtime's first-call costs are not the engine's
            var size = new FileInfo(file).Length / 1048576.0;
            Console.WriteLine($"audit: {size:0} MiB over 30 days");
            Console.WriteLine("one-shot (streamed, one query at a time), then jq on the same file:");
            var oneShot = new List<TimeSpan>();
            foreach (var (name, query, jqFilter) in storeOnly ? [] : LogsBench.SeedQueries)
            {
                var rows = 0;
                var t = LogsBench.Time(() =>
                {
                    using var logs = new InsightsLocal(root, "control-plane", oneShot: true);
                    rows = logs.Query(query).Rows.Count;
                });
                oneShot.Add(t);
                Console.WriteLine($"  {name,-24} {t.TotalSeconds,6:0.00} s ({rows} rows)");
            }

            Console.WriteLine($"  peak working set of the one-shot queries: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB (target ≤ 300 MB)");
            var raw = LogsBench.Time(() => RawScan(file, RawFilter));
            var rawContains = LogsBench.Time(() => RawScan(file, "contains(json, 'exec') AND contains(json, 'create') AND " + RawFilter));
            Console.WriteLine($"  exec filter, raw DuckDB read_json_objects: {raw.TotalSeconds:0.00} s; with a contains() prefilter: {rawContains.TotalSeconds:0.00} s; " +
                              (storeOnly ? "" : $"one-shot = {oneShot[0] / raw:0.00}x the first (target ≤ 1.5x)"));
            for (var i = 0; i < (noJq ? 0 : LogsBench.SeedQueries.Length); i++)
            {
                var (name, _, jqFilter) = LogsBench.SeedQueries[i];
                var jq = LogsBench.Time(() => LogsBench.Jq(jqFilter, file));
                Console.WriteLine($"  {name,-24} jq {jq.TotalSeconds,6:0.00} s: one-shot {jq / oneShot[i],5:0.0}x faster (target ≥ 10x)");
            }

            var rawTable = LogsBench.Time(() => RawTable(file, Path.Combine(work, "raw.duckdb")));
            Console.WriteLine($"  DuckDB's own table of the stored fields, straight from the file (CREATE TABLE AS … read_json): {rawTable.TotalSeconds:0.00} s = {rawTable / raw:0.00}x the raw scan");
            InsightsLocal? store = null;
            var ingest = LogsBench.Time(() => store = Open(root, caseFolder));
            Console.WriteLine($"case store build (ingest): {ingest.TotalSeconds:0.00} s = {ingest / raw:0.00}x one raw scan (target ≤ 1.5x), {ingest / rawTable:0.00}x DuckDB's own table; {store!.Events} events; " +
                              $"{new FileInfo(Directory.GetFiles(Path.Combine(caseFolder, "stores"))[0]).Length / 1048576.0:0} MiB");
            foreach (var (name, query, _) in LogsBench.SeedQueries)
            {
                var rows = 0;
                var t = LogsBench.Time(() => rows = store.Query(query).Rows.Count);
                Console.WriteLine($"  {name,-24} {t.TotalSeconds,6:0.00} s ({rows} rows; target ≤ 0.5 s)");
            }

            foreach (var (name, query) in StoreOnlyQueries)
            {
                var rows = 0;
                var t = LogsBench.Time(() => rows = store.Query(query).Rows.Count);
                Console.WriteLine($"  {name,-24} {t.TotalSeconds,6:0.00} s ({rows} rows; target ≤ 0.5 s)");
            }

            store.Dispose();
            var from = new DateTimeOffset(2026, 11, 15, 6, 15, 0, TimeSpan.Zero);
            SuperTimeline? timeline = null;
            var window = LogsBench.Time(() => timeline = SuperTimeline.BuildAsync(root, new IncidentSources(ControlPlane: "control-plane"), TimeWindow.Of(from, from.AddMinutes(30)),
                caseFolder: caseFolder).GetAwaiter().GetResult());
            Console.WriteLine($"super-timeline, 30-minute window, after ingest: {window.TotalSeconds:0.00} s ({timeline!.Events.Count} rows; target ≤ 3 s)");
            var reopen = LogsBench.Time(() => Open(root, caseFolder).Dispose());
            Console.WriteLine($"reopening the unchanged store: {reopen.TotalSeconds:0.00} s");
            Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Queries that need each event's text (read back from the evidence for the rows shown): the console's default query first.</summary>
    private static readonly (string Name, string Query)[] StoreOnlyQueries =
    [
        ("latest 20, with text", "fields @timestamp, @message | sort @timestamp desc | limit 20"),
        ("exec with request text", "filter objectRef.subresource = \"exec\" | fields @timestamp, requestObject.kind, @message | limit 50"),
        ("a field not stored, every event", "filter userAgent like /kubectl/ | stats count(*) as n"),
        ("@message text, every event", "filter @message like /sysdiag/ | stats count(*) as n"),
    ];

    private static void Warmed(EvidenceRoot root)
    {
        var small = Path.Combine(root.FullPath, "warm");
        Directory.CreateDirectory(small);
        File.WriteAllText(Path.Combine(small, "a.jsonl"), """{"kind":"Event","verb":"create","objectRef":{"subresource":"exec"},"stageTimestamp":"2026-11-01T00:00:00Z"}""" + "\n");
        foreach (var (_, query, _) in LogsBench.SeedQueries)
        {
            using var logs = new InsightsLocal(root, "warm", oneShot: true);
            logs.Query(query);
        }

        Directory.Delete(small, recursive: true);
    }

    private static InsightsLocal Open(EvidenceRoot root, string caseFolder) => new(root, "control-plane", null, new LogEngineOptions(CaseFolder: caseFolder));

    /// <summary>
    /// The floor under any columnar store of these events: DuckDB itself writing the time and the twelve stored audit fields
    /// of every line into a table file, reading the evidence file straight (no pipes, no offsets, no checks).
    /// </summary>
    private static void RawTable(string file, string database, string settings = "", string? columns = null)
    {
        using (var c = new DuckDBConnection("Data Source=" + database))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = settings + $"CREATE TABLE events AS SELECT {columns ?? "*"} FROM (SELECT CAST(coalesce(stageTimestamp, requestReceivedTimestamp) AS TIMESTAMP) AS t, kind, auditID, stage, verb, requestURI, " +
                              "\"user\".username AS username, sourceIPs[1] AS ip, responseStatus.code AS code, objectRef.resource AS resource, objectRef.subresource AS subresource, " +
                              "objectRef.namespace AS namespace, objectRef.name AS name " +
                              $"FROM read_json('{file}', format='newline_delimited', records=true, columns={{kind: 'VARCHAR', auditID: 'VARCHAR', stage: 'VARCHAR', verb: 'VARCHAR', " +
                              "requestURI: 'VARCHAR', \"user\": 'STRUCT(username VARCHAR)', sourceIPs: 'VARCHAR[]', responseStatus: 'STRUCT(code VARCHAR)', " +
                              "objectRef: 'STRUCT(resource VARCHAR, subresource VARCHAR, namespace VARCHAR, name VARCHAR)', stageTimestamp: 'VARCHAR', requestReceivedTimestamp: 'VARCHAR'}))";
            cmd.ExecuteNonQuery();
            cmd.CommandText = "CHECKPOINT";
            cmd.ExecuteNonQuery();
        }

        File.Delete(database);
    }

    private static void RawScan(string file, string filter)
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM read_json_objects('{file}') WHERE {filter}";
        cmd.ExecuteScalar();
    }
}
