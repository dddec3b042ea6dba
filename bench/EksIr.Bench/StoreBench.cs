using System.Diagnostics;
using DuckDB.NET.Data;
using EksIr.Core.Evidence;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Bench;

/// <summary>
/// Issue 13's case-store figures, side by side in one run: one raw DuckDB scan of the audit file (read_json_objects,
/// the seed filter), the store's first build (ingest), each seed query on the store, reopening an unchanged store, and
/// the process's peak memory.
/// </summary>
public static class StoreBench
{
    public static void Run(string[] args)
    {
        var mib = LogsBench.Arg(args, "--audit-mib", 300);
        var work = Path.Combine(Path.GetTempPath(), "eksir-bench-store-" + Guid.NewGuid().ToString("N")[..8]);
        var evidence = Directory.CreateDirectory(Path.Combine(work, "evidence", "audit")).FullName;
        var caseFolder = Directory.CreateDirectory(Path.Combine(work, "case")).FullName;
        try
        {
            var file = LogsBench.WriteAudit(evidence, mib);
            LogsBench.Warm(file);
            var size = new FileInfo(file).Length / 1048576.0;
            var raw = LogsBench.Time(() => RawScan(file));
            Console.WriteLine($"audit: {size:0} MiB; raw DuckDB read_json_objects + json_extract_string filter: {raw.TotalSeconds:0.00} s");

            var memory = LogsBench.Time(() => new InsightsLocal(new EvidenceRoot(Path.Combine(work, "evidence")), "audit").Dispose());
            Console.WriteLine($"  in-memory load (no case folder): {memory.TotalSeconds:0.00} s = {memory / raw:0.00}x one raw scan");
            InsightsLocal? logs = null;
            var ingest = LogsBench.Time(() => logs = Open(work, caseFolder));
            Console.WriteLine($"  store build (ingest): {ingest.TotalSeconds:0.00} s = {ingest / raw:0.00}x one raw scan (target ≤ 1.5x); {logs!.Events} events");
            foreach (var (name, query, _) in LogsBench.SeedQueries)
            {
                var rows = 0;
                var t = LogsBench.Time(() => rows = logs.Query(query).Rows.Count);
                Console.WriteLine($"  {name,-24} {t.TotalSeconds,6:0.00} s ({rows} rows; target ≤ 0.5 s)");
            }

            logs.Dispose();
            var reopen = LogsBench.Time(() => Open(work, caseFolder).Dispose());
            Console.WriteLine($"  reopening the unchanged store: {reopen.TotalSeconds:0.00} s");
            Console.WriteLine($"  peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static InsightsLocal Open(string work, string caseFolder) =>
        new(new EvidenceRoot(Path.Combine(work, "evidence")), "audit", null, new LogEngineOptions(CaseFolder: caseFolder));

    private static void RawScan(string file)
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM read_json_objects('{file}') WHERE json_extract_string(json, '$.objectRef.subresource') = 'exec' AND json_extract_string(json, '$.verb') = 'create'";
        cmd.ExecuteScalar();
    }
}
