using System.IO.Compression;
using System.Text;
using EksIr.Core.Evidence;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>
/// Queries streamed one at a time from JSON lines (the command line's way): the texts a query needs, the lines kept for
/// them, and bad input — a line that cannot be an answer changes nothing; one that could sends the query to the loader
/// that names it; a cut gzip, an oversized line, blank lines; every event once.
/// </summary>
public sealed class StreamedQueryTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Event(int i, string verb, string extra = "") =>
        $$"""{"kind":"Event","auditID":"a{{i}}","verb":"{{verb}}","stageTimestamp":"2026-11-29T06:{{i / 60 % 60:D2}}:{{i % 60:D2}}Z"{{extra}}}""";

    private InsightsLocal Streamed(string folder) => new(new EvidenceRoot(_temp.Path), folder, oneShot: true);

    [Theory]
    [InlineData("filter verb = \"create\" and objectRef.resource = \"pods\"", "\"create\" and \"pods\"")]
    [InlineData("filter verb in [\"create\", \"delete\"] | fields verb", "(\"create\" or \"delete\")")]
    [InlineData("filter @message like /exec/ or @message like \"attach\"", "(\"exec\" or \"attach\")")]
    [InlineData("filter user.username like /^system:/ | sort @timestamp desc | display user.username", "\"system:\"")]
    [InlineData("parse @message /exec\\?command=(?<cmd>[a-z]+)/ | filter cmd = \"sh\"", "\"sh\"")]
    [InlineData("filter verb = \"get\" | stats count(*) by verb | filter verb = \"list\"", "\"get\"")] // only filters before stats
    public void A_query_needs_the_texts_its_leading_filters_name(string query, string texts) =>
        Assert.Equal(texts, LiteralPrefilter.For(query)?.Describe());

    [Theory]
    [InlineData("stats count(*) by verb")]
    [InlineData("limit 5 | filter verb = \"create\"")] // the limit picks among all events first
    [InlineData("dedup verb | filter verb = \"create\"")]
    [InlineData("filter @logStream like /audit/")] // the stream's name is not in the line
    [InlineData("fields toupper(verb) as verb | filter verb = \"CREATE\"")] // made by the query, not read from the line
    [InlineData("filter not (verb = \"create\")")]
    [InlineData("filter verb = \"create\" or responseStatus.code >= 400")] // one side needs nothing
    [InlineData("filter responseStatus.code = \"403\"")] // a number may be written 403.0
    [InlineData("filter requestURI like \"/api/v1\"")] // '/' may be written \/
    [InlineData("filter user.username like /sys.em/")] // a regex that is not plain text
    [InlineData("filter user.username like /(?i)system/")]
    [InlineData("filter objectRef.name = \"caf\u00e9\"")] // may be written \u00e9
    public void A_query_whose_answers_need_no_safe_text_streams_every_line(string query) =>
        Assert.Null(LiteralPrefilter.For(query));

    [Fact]
    public void The_lines_kept_are_those_holding_the_texts_however_the_bytes_are_cut()
    {
        var lines = new[] { "a create pods x", "create only", "", "pods and delete", "nothing", "delete pods create", "tail create pods" };
        var text = Encoding.UTF8.GetBytes(string.Join("\n", lines)); // the last line without a newline
        var selector = new LineSelector([["pods"], ["create", "delete"]], 1 << 20);
        var expected = lines.Where(l => l.Contains("pods", StringComparison.Ordinal) && (l.Contains("create", StringComparison.Ordinal) || l.Contains("delete", StringComparison.Ordinal)))
            .Select(l => l + "\n");

        foreach (var size in new[] { 1, 2, 3, 7, text.Length })
        {
            var session = selector.Start();
            var kept = new System.Buffers.ArrayBufferWriter<byte>();
            for (var at = 0; at < text.Length; at += size)
            {
                session.Feed(text.AsSpan(at, Math.Min(size, text.Length - at)), kept);
            }

            session.Finish(kept);
            Assert.Equal(string.Concat(expected), Encoding.UTF8.GetString(kept.WrittenSpan));
            Assert.Equal(lines.Length, session.Lines);
        }
    }

    [Fact]
    public void Each_object_line_is_marked_with_where_it_starts_in_the_file_however_the_bytes_are_cut()
    {
        var lines = new[] { "{\"a\":1}", "", "  {\"b\": \"é\"}\r", "   ", "{}", "[1, 2]", "{ }", "{\"c\":3}" };
        var text = Encoding.UTF8.GetBytes(string.Join("\n", lines)); // the last line without a newline
        const long partStart = 1000; // the stream is a part of a file that starts at this byte
        var starts = new List<long>();
        for (long at = 0, i = 0; i < lines.Length; at += Encoding.UTF8.GetByteCount(lines[i]) + 1, i++)
        {
            starts.Add(partStart + at);
        }

        var expected = string.Concat(
            $"{{\"eksir:offset\":{starts[0]},\"a\":1}}\n",
            $"  {{\"eksir:offset\":{starts[2]},\"b\": \"é\"}}\r\n",
            $"{{\"eksir:offset\":{starts[4]}}}\n",
            "[1, 2]\n", // not an object: sent as it is, for the engine to refuse
            $"{{\"eksir:offset\":{starts[6]} }}\n",
            $"{{\"eksir:offset\":{starts[7]},\"c\":3}}\n");
        foreach (var size in new[] { 1, 2, 3, 7, text.Length })
        {
            var session = new LineTagger(1 << 20).Start(partStart);
            var sent = new System.Buffers.ArrayBufferWriter<byte>();
            for (var at = 0; at < text.Length; at += size)
            {
                session.Feed(text.AsSpan(at, Math.Min(size, text.Length - at)), sent);
            }

            session.Finish(sent);
            Assert.Equal(expected, Encoding.UTF8.GetString(sent.WrittenSpan));
            Assert.Equal(lines.Length, session.Lines); // blank ones too (they are sent on as no events)
        }
    }

    [Fact]
    public void A_line_too_long_or_already_marked_is_sent_as_no_json_reader_accepts()
    {
        var session = new LineTagger(20).Start(0); // the first line is 24 bytes, the second 18
        var sent = new System.Buffers.ArrayBufferWriter<byte>();
        session.Feed("{\"a\":\"0123456789abcdef\"}\n{\"eksir:offset\":1}\n{\"b\":1}"u8, sent);
        session.Finish(sent);

        var output = Encoding.UTF8.GetString(sent.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, output.Length);
        Assert.All(output[..2], line => Assert.StartsWith("\u0001", line, StringComparison.Ordinal));
        Assert.Equal("{\"eksir:offset\":44,\"b\":1}", output[2]);
    }

    private const string CreatedPod = """{"kind":"Event","auditID":"a1","verb":"create","user":{"username":"alice"},"objectRef":{"resource":"pods","name":"web"},"responseStatus":{"code":201},"sourceIPs":["10.0.0.1","10.0.0.2"],"stageTimestamp":"2026-11-29T06:00:01Z"}""";
    private const string RefusedGet = """{"kind":"Event","auditID":"a2","verb":"get","user":{"username":"bob"},"objectRef":{"resource":"pods"},"responseStatus":{"code":403},"sourceIPs":["10.0.0.9"],"stageTimestamp":"2026-11-29T06:00:02Z"}""";

    [Fact]
    public void A_query_that_reads_no_message_reads_only_the_fields_it_names_with_the_same_answers()
    {
        _temp.Write("logs/audit.jsonl", CreatedPod + "\n" + RefusedGet + "\n");
        using var logs = Streamed("logs");

        var refused = logs.Query("filter responseStatus.code >= 400 | fields auditID, sourceIPs.0, user.username");
        var byCode = logs.Query("stats count(*) as n by responseStatus.code | sort responseStatus.code asc");

        Assert.Contains("reading only the fields the query names", refused.Scan.Pruning);
        Assert.Equal(["a2", "10.0.0.9", "bob"], refused.Rows.Single().Select(v => (string?)v));
        Assert.Equal([("201", 1L), ("403", 1L)], byCode.Rows.Select(r => ((string?)r[0], Convert.ToInt64(r[1]))));
    }

    [Fact]
    public void Fields_of_another_shape_in_some_events_are_read_from_the_text_and_nothing_is_lost()
    {
        // The third event's objectRef is a text, not an object: it has no objectRef.resource (CloudWatch shows the field empty).
        _temp.Write("logs/audit.jsonl", CreatedPod + "\n" + RefusedGet + "\n" +
                                        """{"kind":"Event","auditID":"a3","verb":"get","objectRef":"odd","stageTimestamp":"2026-11-29T06:00:03Z"}""" + "\n");
        using var logs = Streamed("logs");

        var byResource = logs.Query("stats count(*) as n by objectRef.resource | sort n desc");
        var both = logs.Query("filter auditID = \"a1\" | fields user, user.username"); // user read whole and in part

        Assert.DoesNotContain("reading only the fields", byResource.Scan.Pruning);
        Assert.Equal([("pods", 2L), (null, 1L)], byResource.Rows.Select(r => ((string?)r[0], Convert.ToInt64(r[1]))));
        Assert.Equal(["{\"username\":\"alice\"}", "alice"], both.Rows.Single().Select(v => (string?)v));
    }

    [Fact]
    public void Bad_lines_that_cannot_be_answers_change_nothing_and_those_that_could_are_named()
    {
        _temp.Write("logs/audit.jsonl", string.Join("\n", Enumerable.Range(0, 50).Select(i => Event(i, i % 10 == 0 ? "create" : "get")))
                                       + "\nnot json at all\n{\"verb\":\"create\",\"no\":\"time\"}\n" + Event(50, "create") + "\n");
        using var logs = Streamed("logs");

        var gets = logs.Query("filter verb = \"get\" | stats count(*) as n");
        var creates = logs.Query("filter verb = \"create\" | fields auditID | sort @timestamp asc");

        Assert.Equal(45L, Convert.ToInt64(gets.Rows.Single()[0]));
        Assert.StartsWith("streamed 53 lines of 1 JSON-lines file, parsing only the lines holding \"get\"", gets.Scan.Pruning);
        Assert.Empty(gets.Scan.Skipped); // neither bad line holds "get": neither could be counted
        Assert.Equal(["a0", "a10", "a20", "a30", "a40", "a50"], creates.Rows.Select(r => (string?)r[0]));
        Assert.StartsWith("loaded whole", creates.Scan.Pruning); // the untimed line holds "create": the loader names it
        Assert.Contains(creates.Scan.Skipped, p => p.ToString().Contains("logs/audit.jsonl: line 52: not a JSON log event with a time; skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gzip_cut_off_is_named_and_the_events_before_the_cut_are_answered()
    {
        var whole = Gzip(string.Join("\n", Enumerable.Range(0, 3000).Select(i => Event(i, "create", $",\"n\":\"{Guid.NewGuid()}\""))) + "\n");
        Directory.CreateDirectory(_temp.Combine("logs"));
        File.WriteAllBytes(_temp.Combine("logs", "audit.jsonl.gz"), whole[..(whole.Length / 2)]);
        using var logs = Streamed("logs");

        var creates = logs.Query("filter verb = \"create\" | stats count(*) as n");

        Assert.InRange(Convert.ToInt64(creates.Rows.Single()[0]), 1, 2999);
        Assert.StartsWith("loaded whole", creates.Scan.Pruning);
        Assert.Contains(creates.Scan.Skipped, p => p.File == "logs/audit.jsonl.gz" && p.ToString().Contains("gzip damaged or cut off", StringComparison.Ordinal));
    }

    [Fact]
    public void A_large_file_is_streamed_in_parts_and_every_event_comes_once()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("large")).FullName;
        using (var writer = new StreamWriter(Path.Combine(folder, "audit.jsonl")))
        {
            for (var i = 0; i < 300_000; i++)
            {
                writer.Write(Event(i, i % 1000 == 7 ? "create" : "get", ",\"pad\":\"" + new string('p', 100) + "\""));
                writer.Write(i % 1000 == 999 ? "\n\n" : "\n"); // blank lines are no events
            }
        }

        Assert.True(new FileInfo(Path.Combine(folder, "audit.jsonl")).Length > 48L << 20); // several parts
        using var logs = Streamed("large");

        var all = logs.Query("stats count(*) as n, count_distinct(auditID) as ids");
        var creates = logs.Query("filter verb = \"create\" | stats count(*) as n, count_distinct(auditID) as ids");

        Assert.Equal((300_000L, 300_000L), (Convert.ToInt64(all.Rows[0][0]), Convert.ToInt64(all.Rows[0][1])));
        Assert.Equal((300L, 300L), (Convert.ToInt64(creates.Rows[0][0]), Convert.ToInt64(creates.Rows[0][1])));
        Assert.StartsWith("streamed 300,300 lines of 1 JSON-lines file", all.Scan.Pruning); // blank lines are lines of the file, not events
        Assert.StartsWith("streamed 300,300 lines of 1 JSON-lines file", creates.Scan.Pruning); // the same count when a selector chose among them
        Assert.Empty(all.Scan.Skipped);
    }

    [Fact]
    public void A_line_too_long_to_stream_is_read_by_the_loader_and_said()
    {
        var huge = "{\"kind\":\"Event\",\"verb\":\"list\",\"stageTimestamp\":\"2026-11-29T06:00:00Z\",\"pad\":\"" + new string('x', 70 << 20) + "\"}";
        _temp.Write("logs/audit.jsonl", Event(1, "get") + "\n" + huge + "\n" + Event(2, "list") + "\n");
        using var logs = Streamed("logs");

        var lists = logs.Query("filter verb = \"list\" | fields auditID");

        Assert.Equal(["a2"], lists.Rows.Select(r => (string?)r[0]));
        Assert.Contains(lists.Scan.Skipped, p => p.ToString().Contains("logs/audit.jsonl: line 2: longer than 67108864 bytes; skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void Files_that_are_not_json_lines_are_said_to_be_read_whole_not_streamed()
    {
        Directory.CreateDirectory(_temp.Combine("cli"));
        File.Copy(Repo.Path("sample-data", "incident-1", "control-plane", "filter-log-events-audit.json"), _temp.Combine("cli", "audit.json"));
        using var logs = Streamed("cli");

        var execs = logs.Query("filter objectRef.subresource = \"exec\" and verb = \"create\" | stats count(*) as n");

        // jq '[.events[].message | fromjson? | select(.objectRef.subresource=="exec" and .verb=="create")] | length' → 2
        Assert.Equal(2L, Convert.ToInt64(execs.Rows.Single()[0]));
        Assert.Equal("1 file of another layout read whole", execs.Scan.Pruning);
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
