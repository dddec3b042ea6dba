using System.IO.Compression;
using System.Text;
using System.Text.Json;
using EksIr.Core.Evidence;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>CloudTrail SQL over the incident's S3-layout export, checked against the events read independently from
/// the same files; partition pruning; Presto functions; damaged files salvaged with every skip said.</summary>
public sealed class CloudTrailLocalTests : IDisposable
{
    private readonly TempDir _temp = new();
    private static readonly string Incident = Repo.Path("sample-data", "incident-1");

    public void Dispose() => _temp.Dispose();

    private static List<JsonElement> AllEvents() =>
        Directory.GetFiles(Path.Combine(Incident, "cloudtrail"), "*.json.gz", SearchOption.AllDirectories)
            .SelectMany(f =>
            {
                using var gz = new GZipStream(File.OpenRead(f), CompressionMode.Decompress);
                return JsonDocument.Parse(gz).RootElement.GetProperty("Records").EnumerateArray().Select(e => e.Clone()).ToList();
            })
            .ToList();

    [Fact]
    public void The_attackers_calls_come_back_in_order_as_the_files_hold_them()
    {
        using var trail = new CloudTrailLocal(new EvidenceRoot(Incident), "cloudtrail");

        var result = trail.Query("SELECT eventtime, eventname, useridentity.username AS who, useridentity.accesskeyid AS key, errorcode FROM cloudtrail " +
                                 "WHERE sourceipaddress = '198.51.100.23' ORDER BY eventtime");

        var expected = AllEvents().Where(e => e.GetProperty("sourceIPAddress").GetString() == "198.51.100.23")
            .OrderBy(e => e.GetProperty("eventTime").GetString(), StringComparer.Ordinal).ToList();
        Assert.Equal(["eventtime", "eventname", "who", "key", "errorcode"], result.Columns.Select(c => c.Name));
        Assert.Equal(expected.Select(e => e.GetProperty("eventName").GetString()), result.Rows.Select(r => (string?)r[1]));
        Assert.All(result.Rows, r => Assert.Equal(("dev-intern", "AKIA5DEVINTERN7EXMPL"), ((string?)r[2], (string?)r[3])));
        Assert.Equal("AccessDenied", result.Rows.Single(r => (string?)r[1] == "CreateAccessKey")[4]);
        Assert.Equal((14, 14), (result.Scan.FilesRead, result.Scan.FilesPresent));
    }

    [Fact]
    public void Partition_predicates_leave_files_out_before_reading_and_OR_turns_pruning_off()
    {
        using var trail = new CloudTrailLocal(new EvidenceRoot(Incident), "cloudtrail");

        var day = trail.Query("SELECT count(*) AS n, min(region_partition) AS r FROM cloudtrail WHERE date_partition = '2026/11/29' AND region_partition = 'us-west-2'");
        var range = trail.Query("SELECT count(*) FROM cloudtrail WHERE date_partition BETWEEN '2026/11/28' AND '2026/11/28'");
        var either = trail.Query("SELECT count(*) FROM cloudtrail WHERE date_partition = '2026/11/28' OR eventname = 'ListBuckets'");

        var all = AllEvents();
        Assert.Equal((long)all.Count(e => e.GetProperty("awsRegion").GetString() == "us-west-2" && e.GetProperty("eventTime").GetString()!.StartsWith("2026-11-29", StringComparison.Ordinal)),
            Convert.ToInt64(day.Rows[0][0]));
        Assert.Equal("us-west-2", day.Rows[0][1]);
        Assert.Equal(12, day.Scan.FilesRead);
        Assert.Equal("partition predicates left out 2 files", day.Scan.Pruning);
        Assert.Equal((2L, 1), (Convert.ToInt64(range.Rows[0][0]), range.Scan.FilesRead));
        Assert.Equal((3L, 14, "not pruned: the query has OR, or NOT before a partition test"), (Convert.ToInt64(either.Rows[0][0]), either.Scan.FilesRead, either.Scan.Pruning));
    }

    [Fact]
    public void Files_left_out_by_the_partitions_are_never_opened_and_those_read_are_journaled_with_their_sha256()
    {
        var journal = new EvidenceReadLog();
        using var trail = new CloudTrailLocal(new EvidenceRoot(Incident, journal), "cloudtrail");
        journal.Drain(); // the first bytes of each file, read to tell its layout

        trail.Query("SELECT count(*) FROM cloudtrail WHERE date_partition = '2026/11/28'");

        var day = Directory.GetFiles(Path.Combine(Incident, "cloudtrail", "AWSLogs", "111122223333", "CloudTrail", "us-west-2", "2026", "11", "28"));
        Assert.Equal(day.Select(f => ("cloudtrail/" + Path.GetRelativePath(Path.Combine(Incident, "cloudtrail"), f), (string?)Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))),
            journal.Drain().Select(r => (r.Path, r.Sha256)));
    }

    [Fact]
    public void A_query_that_reads_the_table_twice_reads_every_file_twice_and_counts_right()
    {
        using var trail = new CloudTrailLocal(new EvidenceRoot(Incident), "cloudtrail");

        var twice = trail.Query("SELECT (SELECT count(*) FROM cloudtrail) + (SELECT count(*) FROM cloudtrail WHERE errorcode IS NULL) AS n");
        var union = trail.Query("SELECT eventname, count(*) AS n FROM (SELECT eventname FROM cloudtrail UNION ALL SELECT eventname FROM cloudtrail) GROUP BY 1");
        var joined = trail.Query("SELECT count(*) FROM cloudtrail a JOIN cloudtrail b ON a.eventid = b.eventid AND a.eventtime = b.eventtime");

        var all = AllEvents();
        Assert.Equal((long)(all.Count + all.Count(e => !e.TryGetProperty("errorCode", out _))), Convert.ToInt64(twice.Rows[0][0]));
        Assert.Equal(all.GroupBy(e => e.GetProperty("eventName").GetString()).ToDictionary(g => g.Key!, g => 2L * g.Count()),
            union.Rows.ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1])));
        Assert.Equal((long)all.Count, Convert.ToInt64(joined.Rows[0][0]));
    }

    [Fact]
    public void Presto_functions_and_the_athena_columns_work_as_athena_queries_use_them()
    {
        using var trail = new CloudTrailLocal(new EvidenceRoot(Incident), "cloudtrail");

        var result = trail.Query("""
            SELECT json_extract_scalar(responseelements, '$.instancesSet.items[0].instanceId') AS instance,
                   date_format(from_iso8601_timestamp(eventtime), '%Y-%m-%d %H:%i:%s') AS at,
                   cardinality(resources) AS n, element_at(resources, 1).arn AS arn, useridentity.invokedby AS by,
                   date_parse('2026-11-28 21:04:11', '%Y-%m-%d %H:%i:%s') = CAST(from_iso8601_timestamp(eventtime) AS TIMESTAMP) AS same,
                   "$path" AS file, account_partition
            FROM cloudtrail
            WHERE eventname = 'RunInstances' AND regexp_like(useridentity.invokedby, '^autoscaling')
            """);
        var distinct = trail.Query("SELECT approx_distinct(sourceipaddress) FROM cloudtrail WHERE date_partition = '2026/11/29'");

        var row = Assert.Single(result.Rows);
        Assert.Equal("i-0c7d2e91b4a6f3508", row[0]);
        Assert.Equal("2026-11-28 21:04:11", row[1]);
        Assert.Equal((1L, "arn:aws:ec2:us-west-2:111122223333:instance/i-0c7d2e91b4a6f3508", "autoscaling.amazonaws.com", true),
            (Convert.ToInt64(row[2]), (string?)row[3], (string?)row[4], (bool?)row[5]));
        Assert.StartsWith("cloudtrail/AWSLogs/111122223333/CloudTrail/us-west-2/2026/11/28/", (string?)row[6]);
        Assert.Equal("111122223333", row[7]);
        Assert.Equal((long)AllEvents().Where(e => e.GetProperty("eventTime").GetString()!.StartsWith("2026-11-29", StringComparison.Ordinal))
            .Select(e => e.GetProperty("sourceIPAddress").GetString()).Distinct().Count(), Convert.ToInt64(distinct.Rows[0][0]));
    }

    [Fact]
    public void A_query_the_engine_refuses_names_the_line_and_position()
    {
        using var trail = new CloudTrailLocal(new EvidenceRoot(Incident), "cloudtrail");

        var e = Assert.Throws<SqlQueryException>(() => trail.Query("SELECT eventname\nFROM cloudtrail\nWHERE nosuchcolumn = 1"));

        Assert.Contains("nosuchcolumn", e.Message);
        Assert.Contains("LINE 3", e.Message);
    }

    [Fact]
    public void Damaged_files_are_salvaged_event_by_event_and_every_skip_is_said()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("ct", "AWSLogs", "111122223333", "CloudTrail", "us-west-2", "2026", "11", "29")).FullName;
        string Event(int i, string agent = "ua") => $$"""{"eventVersion":"1.09","eventTime":"2026-11-29T06:0{{i % 10}}:00Z","eventSource":"ec2.amazonaws.com","eventName":"E{{i}}","awsRegion":"us-west-2","userAgent":"{{agent}}"}""";
        var good = Encoding.UTF8.GetBytes("{\"Records\":[" + string.Join(",", Enumerable.Range(1, 40).Select(i => Event(i))) + "]}");
        WriteGz(Path.Combine(folder, "a_good.json.gz"), good);
        WriteGz(Path.Combine(folder, "b_cut.json.gz"), good, cutAt: 0.6); // gzip cut off: the events before the cut are kept
        var latin1 = Encoding.UTF8.GetBytes("{\"Records\":[" + Event(50) + "," + Event(51, "agent-\u00e9") + "," + Event(52) + "]}");
        var bad = latin1.AsSpan().IndexOf("\u00e9"u8);
        var mixed = latin1[..bad].Concat(new byte[] { 0xE9 }).Concat(latin1[(bad + 2)..]).ToArray(); // é in Latin-1, not UTF-8
        WriteGz(Path.Combine(folder, "c_latin1.json.gz"), mixed);
        File.WriteAllText(Path.Combine(folder, "d_lines.jsonl"), Event(60) + "\n{\"eventVersion\": broken\n" + Event(61) + "\n");
        File.WriteAllText(Path.Combine(folder, "e_malformed.json"), "{\"Records\":[" + Event(70) + ",{\"eventVersion\":\"1.09\",\"eventName\":}," + Event(71) + "]}");
        var before = Fingerprint(_temp.Combine("ct"));
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Combine("ct")), "");

        var result = trail.Query("SELECT eventname FROM cloudtrail ORDER BY eventname");
        Assert.Equal(before, Fingerprint(_temp.Combine("ct"))); // salvage works on copies outside the evidence

        var names = result.Rows.Select(r => (string)r[0]!).ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"E{i}"), names.Where(n => int.Parse(n[1..]) <= 40).Distinct().OrderBy(n => n, StringComparer.Ordinal).Select(n => n).OrderBy(n => int.Parse(n[1..])));
        var cut = names.Count(n => int.Parse(n[1..]) <= 40) - 40;
        Assert.InRange(cut, 1, 39); // some of the cut file's events, never all, never a crash
        Assert.Contains("E51", names); // kept with its byte repaired
        Assert.Contains("E60", names);
        Assert.Contains("E61", names);
        Assert.Contains("E70", names);
        Assert.Contains("E71", names);
        var said = string.Join("\n", result.Scan.Skipped);
        Assert.Contains("b_cut.json.gz", said);
        Assert.Contains("c_latin1.json.gz: event 2", said);
        Assert.Contains("replaced with U+FFFD", said);
        Assert.Contains("d_lines.jsonl: line 2: not a JSON event; skipped", said);
        Assert.Contains("e_malformed.json: event 2", said);
        Assert.Contains("malformed event", said);
        Assert.DoesNotContain("a_good", said);
    }

    /// <summary>Every file under the folder: path, size, modification time and SHA-256.</summary>
    private static List<string> Fingerprint(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f):O} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}")
            .ToList();

    private static void WriteGz(string path, byte[] data, double cutAt = 1)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(data);
        }

        var bytes = buffer.ToArray();
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * cutAt)]);
    }
}
