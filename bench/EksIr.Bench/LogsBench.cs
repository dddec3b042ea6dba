using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using EksIr.Core.Evidence;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Insights;

namespace EksIr.Bench;

/// <summary>
/// Issue 4's targets, side by side in one run: the seed's audit queries through the local Logs Insights engine vs
/// the equivalent jq filters on the same JSON-lines file (target ≥ 5x faster than jq); CloudTrail SQL on .json.gz vs
/// raw DuckDB read_json on the same files (≤ 1.3x); a one-day query over a one-year tree vs the full scan (≥ 20x).
/// </summary>
public static class LogsBench
{
    public static void Run(string[] args)
    {
        var auditMib = Arg(args, "--audit-mib", 1024);
        var trailMib = Arg(args, "--trail-mib", 1024);
        var work = Path.Combine(Path.GetTempPath(), "eksir-bench-logs-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            Audit(work, auditMib);
            Trail(work, trailMib);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>~<paramref name="mib"/> MiB of audit events as JSON lines, from the sample incident's events with varied names and times.</summary>
    public static string WriteAudit(string folder, int mib, double spanDays = 0)
    {
        // About 980 events per MiB: spread over the span when one is given, else one every 37 ms.
        var step = spanDays > 0 ? spanDays * 86_400_000 / (mib * 980.0) : 37;
        var file = Path.Combine(folder, "audit.jsonl");
        var samples = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo(), "sample-data", "incident-1", "control-plane", "filter-log-events-audit.json")))
            .RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToArray();
        Console.WriteLine($"writing ~{mib} MiB of audit events (JSON lines) ...");
        using var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20);
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        for (long i = 0; writer.BaseStream.Length < (long)mib << 20; i++)
        {
            var t = start.AddMilliseconds(i * step).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
            var line = samples[i % samples.Length];
            line = line.Replace("sysdiag", i % 997 == 0 ? "sysdiag" : $"pod-{i % 5000}", StringComparison.Ordinal);
            line = System.Text.RegularExpressions.Regex.Replace(line, "\"stageTimestamp\":\"[^\"]+\"", $"\"stageTimestamp\":\"{t}\"");
            writer.WriteLine(System.Text.RegularExpressions.Regex.Replace(line, "\"requestReceivedTimestamp\":\"[^\"]+\"", $"\"requestReceivedTimestamp\":\"{t}\"")); // one time per event: the timeline places it by this one
        }

        return file;
    }

    /// <summary>The seed's audit queries, with the jq filter that answers the same.</summary>
    public static readonly (string Name, string Insights, string Jq)[] SeedQueries =
    [
        ("exec commands", "filter objectRef.subresource = \"exec\" and verb = \"create\" | fields @timestamp, user.username, requestURI | sort @timestamp asc",
            "select(.objectRef.subresource == \"exec\" and .verb == \"create\") | [.stageTimestamp, .user.username, .requestURI]"),
        ("events by verb", "stats count(*) by verb", "-n 'reduce inputs as $e ({}; .[$e.verb] += 1)'"),
        ("refused requests", "filter responseStatus.code >= 400 | fields @timestamp, user.username, requestURI",
            "select(.responseStatus.code >= 400) | [.stageTimestamp, .user.username, .requestURI]"),
        ("create/delete by people", "filter verb in [\"create\", \"delete\"] and user.username not like /^system:/ | fields @timestamp, user.username, verb, objectRef.resource, objectRef.name",
            "select((.verb == \"create\" or .verb == \"delete\") and (.user.username | startswith(\"system:\") | not)) | [.stageTimestamp, .user.username, .verb, .objectRef.resource, .objectRef.name]"),
        ("who created the pod", "filter verb = \"create\" and objectRef.resource = \"pods\" and objectRef.name = \"sysdiag\" and not ispresent(objectRef.subresource) | fields @timestamp, user.username, user.extra.arn.0, sourceIPs.0",
            "select(.verb == \"create\" and .objectRef.resource == \"pods\" and .objectRef.name == \"sysdiag\" and .objectRef.subresource == null) | [.stageTimestamp, .user.username, .user.extra.arn[0], .sourceIPs[0]]"),
        ("top events", "stats count(*) as events by verb, objectRef.resource | sort events desc | limit 25",
            "-n '[inputs | {v: .verb, r: .objectRef.resource}] | group_by(.) | map({k: .[0], n: length}) | sort_by(-.n) | .[:25][]'"),
    ];

    private static void Audit(string work, int mib)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, "audit")).FullName;
        var file = WriteAudit(folder, mib);
        var size = new FileInfo(file).Length;
        Warm(file);
        var queries = SeedQueries;
        var load = Stopwatch.StartNew();
        using var logs = new InsightsLocal(new EvidenceRoot(folder), "");
        load.Stop();
        Console.WriteLine($"audit: {size / 1048576.0:0} MiB, {logs.Events} events; engine load {load.Elapsed.TotalSeconds:0.00} s (once per connect)");
        double engineTotal = load.Elapsed.TotalSeconds, jqTotal = 0;
        foreach (var (name, insights, jq) in queries)
        {
            var rows = 0;
            var engine = Time(() => rows = logs.Query(insights).Rows.Count);
            var jqRows = 0;
            var jqTime = Time(() => jqRows = Jq(jq, file));
            engineTotal += engine.TotalSeconds;
            jqTotal += jqTime.TotalSeconds;
            Console.WriteLine($"  {name,-18} engine {engine.TotalSeconds,6:0.00} s ({rows} rows)   jq {jqTime.TotalSeconds,6:0.00} s ({jqRows} lines)   {jqTime / engine,5:0.0}x faster than jq");
        }

        Console.WriteLine($"  all {queries.Length} seed queries, engine load included: engine {engineTotal:0.00} s vs jq {jqTotal:0.00} s = {jqTotal / engineTotal:0.0}x faster (target ≥ 5x)");
    }

    /// <summary>A one-year CloudTrail tree of ~<paramref name="mib"/> MiB .json.gz in the S3 layout under <paramref name="root"/>, from the sample's events.</summary>
    public static List<string> WriteTrailYear(string root, int mib)
    {
        var files = new List<string>();
        var rng = new Random(7);
        var day0 = new DateTime(2025, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        var perDay = Math.Max(1L, ((long)mib << 20) / 365);
        Console.WriteLine($"writing a one-year CloudTrail tree, ~{mib} MiB of .json.gz ...");
        var largest = Directory.GetFiles(Path.Combine(Repo(), "sample-data", "incident-1", "cloudtrail"), "*.json.gz", SearchOption.AllDirectories)
            .OrderByDescending(f => new FileInfo(f).Length).First();
        var template = Encoding.UTF8.GetString(Gunzip(largest));
        var events = JsonDocument.Parse(template).RootElement.GetProperty("Records").EnumerateArray().Select(e => e.GetRawText()).ToArray();
        for (var d = 0; d < 365; d++)
        {
            var day = day0.AddDays(d);
            var dir = Directory.CreateDirectory(Path.Combine(root, "AWSLogs", "111122223333", "CloudTrail", "us-west-2", day.ToString("yyyy", CultureInfo.InvariantCulture),
                day.ToString("MM", CultureInfo.InvariantCulture), day.ToString("dd", CultureInfo.InvariantCulture))).FullName;
            long written = 0;
            for (var f = 0; written < perDay; f++)
            {
                var path = Path.Combine(dir, $"111122223333_CloudTrail_us-west-2_{day:yyyyMMdd}T{f:D4}Z_{rng.Next():x8}.json.gz");
                using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
                using (var w = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16))
                {
                    w.Write("{\"Records\":[");
                    for (var i = 0; i < 2000; i++)
                    {
                        var t = day.AddSeconds(f * 300 + i * 0.15).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                        w.Write(i == 0 ? "" : ",");
                        var one = System.Text.RegularExpressions.Regex.Replace(events[(f + i) % events.Length], "\"eventTime\":\"[^\"]+\"", $"\"eventTime\":\"{t}\"");
                        one = System.Text.RegularExpressions.Regex.Replace(one, "\"eventID\":\"[^\"]+\"", $"\"eventID\":\"bench-{d:D3}-{f:D4}-{i:D4}\""); // each event once
                        w.Write(one.Replace("198.51.100.23", $"198.51.100.{i % 250}", StringComparison.Ordinal));
                    }

                    w.Write("]}");
                }

                written += new FileInfo(path).Length;
                files.Add(path);
            }
        }

        return files;
    }

    private static void Trail(string work, int mib)
    {
        var root = Path.Combine(work, "trail");
        var files = WriteTrailYear(root, mib);
        var total = files.Sum(f => new FileInfo(f).Length);
        foreach (var f in files)
        {
            Warm(f);
        }

        Console.WriteLine($"cloudtrail: {files.Count} files, {total / 1048576.0:0} MiB gz over 365 days");
        const string seed = "SELECT useridentity.arn, eventname, count(*) AS n FROM cloudtrail WHERE errorcode IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC";
        using var trail = new CloudTrailLocal(new EvidenceRoot(root), "");
        long rowsEngine = 0, rowsRaw = 0;
        var engine = Time(() => rowsEngine = trail.Query(seed).Rows.Count);
        var raw = Time(() => rowsRaw = RawDuckDb(files));
        Console.WriteLine($"  seed SQL (errors by identity and call), all files: engine {engine.TotalSeconds:0.00} s ({rowsEngine} rows)   raw read_json {raw.TotalSeconds:0.00} s ({rowsRaw} rows)   = {engine / raw:0.00}x raw (target ≤ 1.3x)");
        var oneDay = Time(() => trail.Query(seed.Replace("WHERE ", "WHERE date_partition = '2026/06/15' AND ", StringComparison.Ordinal)));
        Console.WriteLine($"  one day of the year (date_partition = '2026/06/15'): {oneDay.TotalSeconds:0.00} s vs full scan {engine.TotalSeconds:0.00} s = {engine / oneDay:0}x faster (target ≥ 20x)");
    }

    /// <summary>The same aggregation with DuckDB reading the same files directly: the baseline the engine is held to.</summary>
    private static long RawDuckDb(List<string> files)
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT r.userIdentity.arn, r.eventName, count(*) FROM (SELECT unnest(Records) AS r FROM read_json([" + string.Join(",", files.Select(f => $"'{f}'")) + "], " +
                          "columns={Records: 'STRUCT(\"userIdentity\" STRUCT(arn VARCHAR), \"eventName\" VARCHAR, \"errorCode\" VARCHAR)[]'}, format='unstructured', maximum_object_size=2147483648)) " +
                          "WHERE r.errorCode IS NOT NULL GROUP BY 1, 2";
        using var reader = cmd.ExecuteReader();
        long n = 0;
        while (reader.Read())
        {
            n++;
        }

        return n;
    }

    public static int Jq(string filter, string file)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"jq -c {(filter.StartsWith("-n ", StringComparison.Ordinal) ? filter : "'" + filter + "'")} '{file}' | wc -l"])
            { RedirectStandardOutput = true };
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static byte[] Gunzip(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var m = new MemoryStream();
        gz.CopyTo(m);
        return m.ToArray();
    }

    public static void Warm(string file)
    {
        using var s = File.OpenRead(file);
        s.CopyTo(Stream.Null);
    }

    public static string Repo()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "EksIrNotebooks.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("run from inside the repository");
        }

        return dir;
    }

    public static int Arg(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }
}
