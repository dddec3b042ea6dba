using System.Text.Json;
using EksIr.Core.Evidence;
using EksIr.Logs.Insights;

namespace EksIr.Logs.Tests;

/// <summary>Logs Insights queries over the incident's exported control-plane logs, checked against the same events
/// read independently; parse, stats, dedup, subnet functions; query text that cannot inject; errors with positions.</summary>
public sealed class InsightsLocalTests : IDisposable
{
    private static readonly string Incident = Repo.Path("sample-data", "incident-1");
    private readonly InsightsLocal _logs = new(new EvidenceRoot(Incident), "control-plane", "/aws/eks/eksworkshop-eksctl/cluster");

    public void Dispose() => _logs.Dispose();

    private static List<(string Stream, long Time, string Message)> Events() =>
        Directory.GetFiles(Path.Combine(Incident, "control-plane"), "*.json")
            .SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("events").EnumerateArray()
                .Select(e => (e.GetProperty("logStreamName").GetString()!, e.GetProperty("timestamp").GetInt64(), e.GetProperty("message").GetString()!)))
            .ToList();

    private static IEnumerable<JsonElement> Audit() =>
        Events().Where(e => e.Stream.StartsWith("kube-apiserver-audit", StringComparison.Ordinal)).Select(e => JsonDocument.Parse(e.Message).RootElement);

    [Fact]
    public void Every_event_is_loaded_with_its_stream_and_time()
    {
        var all = _logs.Query("stats count(*) as n, min(@timestamp) as first, max(@timestamp) as last");

        Assert.Equal(Events().Count, Convert.ToInt32(all.Rows[0][0]));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Events().Min(e => e.Time)).UtcDateTime, all.Rows[0][1]);
        Assert.Empty(_logs.Problems);
    }

    [Fact]
    public void The_kubectl_exec_commands_come_back_in_order_with_who_ran_them()
    {
        var result = _logs.Query("""
            fields @timestamp, user.username, requestURI
            | filter @logStream like /^kube-apiserver-audit/ and objectRef.subresource = "exec" and verb == "create"
            | sort @timestamp asc
            """);

        var expected = Audit().Where(a => a.GetProperty("objectRef").TryGetProperty("subresource", out var s) && s.GetString() == "exec")
            .OrderBy(a => a.GetProperty("stageTimestamp").GetString(), StringComparer.Ordinal).ToList();
        Assert.Equal(["@timestamp", "user.username", "requestURI"], result.Columns.Select(c => c.Name));
        Assert.Equal(expected.Select(a => a.GetProperty("requestURI").GetString()), result.Rows.Select(r => (string?)r[2]));
        Assert.All(result.Rows, r => Assert.Equal("dev-intern", r[1]));
        Assert.Contains("%2Ftmp%2F.x%2Fminer.sh", (string)result.Rows[0][2]!);
    }

    [Fact]
    public void The_reference_queries_run_unchanged()
    {
        var creator = _logs.Query("""
            fields @logstream, @timestamp, @message
            | sort @timestamp desc
            | filter @logStream like /authenticator/
            | filter @message like "username=dev-intern"
            | limit 50
            """);
        var byUser = _logs.Query("""
            fields @logStream, @timestamp, @message
            | filter @logStream like /^kube-apiserver-audit/
            | filter strcontains(user.username,"dev-intern")
            | sort @timestamp desc
            | limit 50
            """);
        var oom = _logs.Query("""
            fields @timestamp, @message
            | filter @logStream like /kube-apiserver-audit/
            | filter ispresent(requestObject.status.containerStatuses.0.state.terminated.reason)
            | filter requestObject.status.containerStatuses.0.state.terminated.reason == "OOMKilled"
            | sort @timestamp desc
            | limit 20
            """);

        Assert.Equal(Events().Count(e => e.Stream.StartsWith("authenticator", StringComparison.Ordinal) && e.Message.Contains("username=dev-intern", StringComparison.Ordinal)), creator.Rows.Count);
        Assert.True(((DateTime)creator.Rows[0][1]!) > (DateTime)creator.Rows[^1][1]!); // newest first
        Assert.Equal(Audit().Count(a => a.GetProperty("user").GetProperty("username").GetString()!.Contains("dev-intern", StringComparison.Ordinal)), byUser.Rows.Count);
        Assert.Empty(oom.Rows);
    }

    [Fact]
    public void Stats_by_fields_and_time_bins_count_as_the_events_say()
    {
        var byVerb = _logs.Query("filter @logStream like /audit/ | stats count(*) as n by verb | sort n desc, verb asc");
        var perHour = _logs.Query("filter @logStream like /audit/ | stats count(*) by bin(1h)");
        var denied = _logs.Query("filter responseStatus.code >= 400 | stats count(*) as n, count_distinct(user.username) as users, earliest(requestURI) as first");

        var expected = Audit().GroupBy(a => a.GetProperty("verb").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(expected.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, (long)p.Value)), byVerb.Rows.Select(r => ((string)r[0]!, Convert.ToInt64(r[1]))));
        Assert.Equal(["bin(1h)", "count(*)"], perHour.Columns.Select(c => c.Name));
        Assert.Equal(Audit().Count(), perHour.Rows.Sum(r => Convert.ToInt64(r[1])));
        var forbidden = Audit().Where(a => a.GetProperty("responseStatus").GetProperty("code").GetInt32() >= 400).ToList();
        Assert.Equal((forbidden.Count, 2L), (Convert.ToInt32(denied.Rows[0][0]), Convert.ToInt64(denied.Rows[0][1])));
        Assert.Equal("/api/v1/nodes?limit=500", denied.Rows[0][2]);
    }

    [Fact]
    public void Parse_with_a_glob_or_a_regex_gives_pod_to_node_and_node_to_instance()
    {
        var binding = _logs.Query("""
            filter @logStream like /kube-scheduler/ and @message like "Successfully bound"
            | parse @message 'pod="*" node="*"' as pod, node
            | filter pod = "default/sysdiag"
            | display pod, node
            """);
        var instance = _logs.Query("""
            filter @message like "Instance ID of work item"
            | parse @message /Instance ID of work item \[Node: (?<node>[^,\]]+)[^\]]*\] is (?<instance>i-[0-9a-f]+)/
            | display node, instance
            """);
        var registered = _logs.Query("""
            filter verb = "create" and objectRef.resource = "nodes"
            | parse requestObject.spec.providerID /aws:\/\/\/(?<zone>[^\/]+)\/(?<id>i-[0-9a-f]+)/
            | display objectRef.name, zone, id
            """);

        Assert.Equal(("default/sysdiag", "ip-192-168-23-107.us-west-2.compute.internal"), ((string?)binding.Rows.Single()[0], (string?)binding.Rows.Single()[1]));
        // The sample's cloud-controller-manager line (cloud-provider-aws's tagging controller) and the kubelet's node
        // registration (its spec.providerID), as sample-data/generators/incident-1-logs.py writes them.
        Assert.Equal(("ip-192-168-23-107.us-west-2.compute.internal", "i-0c7d2e91b4a6f3508"), ((string?)instance.Rows.Single()[0], (string?)instance.Rows.Single()[1]));
        Assert.Equal(("ip-192-168-23-107.us-west-2.compute.internal", "us-west-2b", "i-0c7d2e91b4a6f3508"),
            ((string?)registered.Rows.Single()[0], (string?)registered.Rows.Single()[1], (string?)registered.Rows.Single()[2]));
    }

    [Fact]
    public void In_not_like_subnets_and_dedup_as_documented()
    {
        var writes = _logs.Query("filter verb in [\"create\", \"delete\", \"patch\"] and user.username not like /^system:/ | stats count(*)");
        var fromOutside = _logs.Query("filter isIpv4InSubnet(sourceIPs.0, \"198.51.100.0/24\") | display user.username | dedup user.username");
        var notInternal = _logs.Query("filter ispresent(sourceIPs.0) and not isIpv4InSubnet(sourceIPs.0, \"192.168.0.0/16\") and not isIpv4InSubnet(sourceIPs.0, \"10.0.0.0/8\") | stats count(*)");

        Assert.Equal(Audit().Count(a => a.GetProperty("verb").GetString() is "create" or "delete" or "patch" && !a.GetProperty("user").GetProperty("username").GetString()!.StartsWith("system:", StringComparison.Ordinal)),
            Convert.ToInt32(writes.Rows[0][0]));
        Assert.Equal(["dev-intern"], fromOutside.Rows.Select(r => (string?)r[0]));
        Assert.Equal(Audit().Count(a => a.GetProperty("sourceIPs")[0].GetString()!.StartsWith("198.51.100.", StringComparison.Ordinal)), Convert.ToInt32(notInternal.Rows[0][0]));
    }

    [Theory]
    [InlineData("filter objectRef.name = \"sysdiag\\\" or verb = \\\"get\"")]
    [InlineData("filter objectRef.name = \"a'); DROP TABLE logs; --\"")]
    [InlineData("filter objectRef.name = 'x\\' OR \\'1\\'=\\'1'")]
    public void Quotes_in_values_stay_values(string query)
    {
        var result = _logs.Query(query);
        var after = _logs.Query("stats count(*)");

        Assert.Empty(result.Rows);
        Assert.Equal(Events().Count, Convert.ToInt32(after.Rows[0][0]));
    }

    [Theory]
    [InlineData("filter verb = ", "line 1, column 15: expected a field, a value or a function, found the end of the query")]
    [InlineData("fields @timestamp\n| stats count(*) bi verb", "line 2, column 18: expected '|' before the next command, found 'bi'")]
    [InlineData("fields @timestamp\n| filter nosuch(verb)", "line 2, column 10: unknown function 'nosuch'")]
    [InlineData("stats count(*) by verb | filter user.username = \"x\"", "line 1, column 33: 'user.username' is not a result of the stats command before it: after stats, only its 'by' fields and aggregates exist")]
    [InlineData("parse @message \"a * b *\" as one", "line 1, column 16: the glob has 2 '*' but 1 names follow 'as'")]
    public void A_query_that_does_not_read_names_the_line_and_column(string query, string message)
    {
        var e = Assert.Throws<InsightsSyntaxException>(() => _logs.Query(query));

        Assert.Equal(message, e.Message);
    }
}

/// <summary>The other export shapes: raw audit JSON lines (gzip too), CloudWatch event lines, the S3 export, and bad lines counted.</summary>
public sealed class LogExportShapesTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_shape_loads_the_same_events_and_bad_lines_are_counted()
    {
        var events = JsonDocument.Parse(File.ReadAllText(Repo.Path("sample-data", "incident-1", "control-plane", "filter-log-events-audit.json"))).RootElement
            .GetProperty("events").EnumerateArray().Select(e => (Message: e.GetProperty("message").GetString()!, Time: e.GetProperty("timestamp").GetInt64())).ToList();
        var folder = Directory.CreateDirectory(_temp.Combine("logs", "exports")).FullName;
        File.WriteAllLines(Path.Combine(folder, "audit.jsonl"), events.Take(40).Select(e => e.Message).Append("not json at all").Append("{\"no\":\"time\"}"));
        using (var gz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(folder, "audit-more.jsonl.gz")), System.IO.Compression.CompressionLevel.Fastest))
        {
            gz.Write(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", events.Skip(40).Take(40).Select(e => e.Message)) + "\n"));
        }

        File.WriteAllLines(Path.Combine(folder, "cw-events.jsonl"), events.Skip(80).Select(e =>
            JsonSerializer.Serialize(new { timestamp = e.Time, message = e.Message, logStreamName = "kube-apiserver-audit-0f0e", ingestionTime = e.Time + 900 })));
        var latin = System.Text.Encoding.UTF8.GetBytes(events.First(e => e.Message.Contains("kubectl/v1.31.2", StringComparison.Ordinal)).Message.Replace("kubectl/v1.31.2", "kubectl-\u00e9", StringComparison.Ordinal) + "\n");
        var at = latin.AsSpan().IndexOf("\u00e9"u8);
        File.WriteAllBytes(Path.Combine(folder, "latin1.jsonl"), [.. latin[..at], 0xE9, .. latin[(at + 2)..]]);
        var stream = Directory.CreateDirectory(Path.Combine(_temp.Combine("logs"), "s3", "task-1", "kube-scheduler-a02b")).FullName;
        File.WriteAllText(Path.Combine(stream, "000000"), "2026-11-29T06:23:30.101Z I1129 06:23:30.101288      10 schedule_one.go:314] \"Successfully bound pod to node\" pod=\"default/sysdiag\" node=\"n1\"\nno timestamp here\n");
        var before = Directory.GetFiles(_temp.Combine("logs"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (f, File.GetLastWriteTimeUtc(f), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))).ToList();
        using var logs = new InsightsLocal(new EvidenceRoot(_temp.Combine("logs")), "");
        Assert.Equal(before, Directory.GetFiles(_temp.Combine("logs"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (f, File.GetLastWriteTimeUtc(f), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))).ToList());

        var audit = logs.Query("filter ispresent(verb) | stats count(*) as n");
        var scheduler = logs.Query("filter @logStream = \"kube-scheduler-a02b\" | parse @message 'pod=\"*\" node=\"*\"' as pod, node | display pod, node");
        var ingested = logs.Query("filter ispresent(@ingestionTime) | stats count(*)");

        Assert.Equal(events.Count + 1, Convert.ToInt32(audit.Rows[0][0])); // every event once, and the Latin-1 line kept by the fallback
        Assert.Equal(("default/sysdiag", "n1"), ((string?)scheduler.Rows.Single()[0], (string?)scheduler.Rows.Single()[1]));
        Assert.Equal(events.Count - 80, Convert.ToInt32(ingested.Rows[0][0]));
        var said = string.Join("\n", logs.Problems);
        Assert.Contains("exports/audit.jsonl: line 41: not a JSON log event with a time; skipped", said);
        Assert.Contains("exports/audit.jsonl: line 42", said);
        Assert.Contains("s3/task-1/kube-scheduler-a02b/000000: line 2: no leading timestamp; skipped", said);
        Assert.DoesNotContain("audit-more", said);
        Assert.Contains($"exports/latin1.jsonl: line 1, byte {at}: 1 byte that is not UTF-8 replaced with U+FFFD", said); // kept, and said
    }

    [Fact]
    public void A_large_json_lines_file_is_read_in_parts_side_by_side_and_every_event_comes_once()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("large", "logs")).FullName;
        var pad = new string('p', 120);
        using (var writer = new StreamWriter(Path.Combine(folder, "audit.jsonl")))
        {
            for (var i = 0; i < 400_000; i++)
            {
                writer.Write($$"""{"kind":"Event","verb":"get","auditID":"{{i}}","stageTimestamp":"2026-11-29T06:{{i / 10_000 % 60:D2}}:{{i / 100 % 60:D2}}.{{i % 100:D2}}Z","pad":"{{pad}}"}""");
                writer.Write(i % 1000 == 999 ? "\n\n" : "\n"); // blank lines are no events
            }
        }

        Assert.True(new FileInfo(Path.Combine(folder, "audit.jsonl")).Length > 64L << 20); // more than two parts of 32 MiB
        using var logs = new InsightsLocal(new EvidenceRoot(_temp.Combine("large")), "logs");

        var counted = logs.Query("stats count(*) as n, count_distinct(auditID) as ids");

        Assert.Equal((400_000L, 400_000L), (Convert.ToInt64(counted.Rows[0][0]), Convert.ToInt64(counted.Rows[0][1])));
        Assert.Empty(logs.Problems);
    }

    [Fact]
    public void A_70_MB_line_is_skipped_and_said_in_the_logs_and_read_whole_in_cloudtrail_never_a_crash()
    {
        var logs = Directory.CreateDirectory(_temp.Combine("big", "logs")).FullName;
        var trail = Directory.CreateDirectory(_temp.Combine("big", "trail")).FullName;
        var huge = "{\"kind\":\"Event\",\"stageTimestamp\":\"2026-11-29T06:00:00Z\",\"pad\":\"" + new string('x', 70 << 20) + "\"}";
        File.WriteAllText(Path.Combine(logs, "audit.jsonl"), "{\"kind\":\"Event\",\"verb\":\"get\",\"stageTimestamp\":\"2026-11-29T06:00:01Z\"}\n" + huge + "\n{\"kind\":\"Event\",\"verb\":\"list\",\"stageTimestamp\":\"2026-11-29T06:00:02Z\"}\n");
        File.WriteAllText(Path.Combine(trail, "events.jsonl"), "{\"eventVersion\":\"1.09\",\"eventName\":\"A\",\"eventTime\":\"2026-11-29T06:00:00Z\"}\n" +
            huge.Replace("\"kind\":\"Event\"", "\"eventVersion\":\"1.09\"", StringComparison.Ordinal) + "\n{\"eventVersion\":\"1.09\",\"eventName\":\"B\",\"eventTime\":\"2026-11-29T06:00:01Z\"}\n");
        using var insights = new InsightsLocal(new EvidenceRoot(_temp.Combine("big")), "logs");
        using var cloudtrail = new EksIr.Logs.CloudTrail.CloudTrailLocal(new EvidenceRoot(_temp.Combine("big")), "trail");

        var verbs = insights.Query("fields verb | sort @timestamp asc");
        var names = cloudtrail.Query("SELECT eventname FROM cloudtrail ORDER BY eventtime");

        Assert.Equal(["get", "list"], verbs.Rows.Select(r => (string?)r[0]));
        Assert.Contains(insights.Problems, p => p.ToString().Contains("logs/audit.jsonl: line 2: longer than 67108864 bytes; skipped", StringComparison.Ordinal));
        Assert.Equal(["A", "B", null], names.Rows.Select(r => (string?)r[0])); // CloudTrail's reader takes the 70 MB event whole: its missing fields are NULL
        Assert.Empty(names.Scan.Skipped);
    }
}
