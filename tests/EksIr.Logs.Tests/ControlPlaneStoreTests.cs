using System.Text.Json;
using DuckDB.NET.Data;
using EksIr.Core.Evidence;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>
/// The case store: the control-plane export read once into the case folder, read again only where the evidence
/// changed (and said), its problems said again each time, rebuilt when it cannot be used.
/// </summary>
public sealed class ControlPlaneStoreTests : IDisposable
{
    private const string Query = "filter objectRef.subresource = \"exec\" | stats count(*) as execs";
    private readonly TempDir _temp = new();
    private readonly string _evidence;
    private readonly string _case;

    public ControlPlaneStoreTests()
    {
        _evidence = _temp.Combine("evidence");
        _case = _temp.Combine("case");
        foreach (var file in Directory.GetFiles(Repo.Path("sample-data", "incident-1", "control-plane")))
        {
            _temp.Write(Path.Combine("evidence", "control-plane", Path.GetFileName(file)), File.ReadAllText(file));
        }
    }

    public void Dispose() => _temp.Dispose();

    private (InsightsLocal Logs, EvidenceReadLog Reads) Open()
    {
        var reads = new EvidenceReadLog();
        return (new InsightsLocal(new EvidenceRoot(_evidence, reads), "control-plane", "/aws/eks/eksworkshop-eksctl/cluster", new LogEngineOptions(CaseFolder: _case)), reads);
    }

    private static long Count(InsightsLocal logs, string query = Query) => Convert.ToInt64(logs.Query(query).Rows[0][0]);

    [Fact]
    public void The_export_is_read_once_into_the_case_folder_and_later_sessions_read_only_the_store()
    {
        var (first, firstReads) = Open();
        var execs = Count(first);
        var events = first.Events;
        first.Dispose();
        var (second, secondReads) = Open();

        Assert.Equal(execs, Count(second));
        Assert.Equal(events, second.Events);
        Assert.Equal(3, firstReads.Drain().Where(r => r.Sha256 is not null).Select(r => r.Path).Distinct().Count());
        Assert.Empty(secondReads.Drain());
        Assert.Contains("from the case store", second.Description);
        Assert.Single(Directory.GetFiles(Path.Combine(_case, "stores"), "*.duckdb"));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(_evidence, "control-plane")).Length); // nothing written beside the evidence
        second.Dispose();
    }

    [Fact]
    public void A_file_that_changed_or_appeared_is_read_again_and_said_and_one_that_went_away_is_taken_out()
    {
        var (first, _) = Open();
        var events = first.Events;
        first.Dispose();

        var audit = Path.Combine(_evidence, "control-plane", "filter-log-events-audit.json");
        var doc = JsonDocument.Parse(File.ReadAllText(audit)).RootElement.GetProperty("events").EnumerateArray().ToList();
        File.WriteAllText(audit, JsonSerializer.Serialize(new { events = doc.Take(doc.Count - 1) })); // the last audit event gone
        File.Move(Path.Combine(_evidence, "control-plane", "filter-log-events-authenticator.json"), Path.Combine(_evidence, "control-plane", "authenticator-renamed.json"));
        File.Delete(Path.Combine(_evidence, "control-plane", "filter-log-events-scheduler-and-controllers.json"));
        var (second, reads) = Open();

        var read = reads.Drain().Select(r => r.Path).Distinct().Order().ToList();
        Assert.Equal(["control-plane/authenticator-renamed.json", "control-plane/filter-log-events-audit.json"], read);
        Assert.Contains(second.Problems, p => p.File == "control-plane/filter-log-events-audit.json" && p.Problem.StartsWith("changed since the case store took it in", StringComparison.Ordinal));
        Assert.Contains(second.Problems, p => p.File == "control-plane/filter-log-events-scheduler-and-controllers.json" && p.Problem.Contains("no longer in the evidence", StringComparison.Ordinal));
        Assert.Contains(second.Problems, p => p.File == "control-plane/filter-log-events-authenticator.json" && p.Problem.Contains("no longer in the evidence", StringComparison.Ordinal));
        var scheduler = JsonDocument.Parse(File.ReadAllText(Repo.Path("sample-data", "incident-1", "control-plane", "filter-log-events-scheduler-and-controllers.json")))
            .RootElement.GetProperty("events").GetArrayLength();
        Assert.Equal(events - 1 - scheduler, second.Events);
        second.Dispose();
    }

    [Fact]
    public void What_a_file_could_not_give_is_said_again_from_the_store()
    {
        _temp.Write("evidence/control-plane/audit.log", "{\"kind\":\"Event\",\"auditID\":\"a\",\"stageTimestamp\":\"2026-11-29T06:00:00Z\"}\nnot json at all\n");
        var (first, _) = Open();
        var problems = first.Problems.Where(p => p.File.EndsWith("audit.log", StringComparison.Ordinal)).ToList();
        first.Dispose();
        var (second, _) = Open();

        Assert.NotEmpty(problems);
        Assert.Equal(problems, second.Problems.Where(p => p.File.EndsWith("audit.log", StringComparison.Ordinal)));
        second.Dispose();
    }

    [Fact]
    public void A_damaged_store_or_one_of_another_version_is_rebuilt_with_a_note()
    {
        var (first, _) = Open();
        var execs = Count(first);
        first.Dispose();
        var store = Directory.GetFiles(Path.Combine(_case, "stores"), "*.duckdb").Single();
        using (var connection = new DuckDBConnection($"Data Source={store}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE __store SET version = 0";
            command.ExecuteNonQuery();
        }

        var (other, otherReads) = Open();
        Assert.Contains("another version", other.Description);
        Assert.Equal(execs, Count(other));
        Assert.NotEmpty(otherReads.Drain());
        other.Dispose();

        File.WriteAllBytes(store, [.. Enumerable.Repeat((byte)0x5A, 8192)]);
        var (damaged, _) = Open();
        Assert.Contains("could not be opened", damaged.Description);
        Assert.Equal(execs, Count(damaged));
        damaged.Dispose();
    }

    [Fact]
    public void A_second_session_while_the_first_holds_the_store_reads_the_evidence_itself()
    {
        var (first, _) = Open();
        var (second, reads) = Open();

        Assert.Contains("in use by another session", second.Description);
        Assert.Equal(Count(first), Count(second));
        Assert.NotEmpty(reads.Drain());
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void A_large_json_lines_file_is_streamed_into_the_store_in_parts_every_event_once_with_its_hash_and_a_window_reads_its_part()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("big", "audit")).FullName;
        var file = Path.Combine(folder, "audit.jsonl");
        using (var writer = new StreamWriter(file))
        {
            for (var i = 0; i < 250_000; i++)
            {
                writer.Write($$"""{"kind":"Event","auditID":"{{i}}","verb":"{{(i % 500 == 0 ? "delete" : "get")}}","stageTimestamp":"{{new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i * 10):yyyy-MM-ddTHH:mm:ss.ffffffZ}}","pad":"{{new string('p', 80)}}"}""" + "\n");
            }
        }

        Assert.True(new FileInfo(file).Length > 40L << 20); // streamed in several parts
        var reads = new EvidenceReadLog();
        using var logs = new InsightsLocal(new EvidenceRoot(_temp.Combine("big"), reads), "audit", null, new LogEngineOptions(CaseFolder: _case));

        var all = logs.Query("stats count(*) as n, count_distinct(auditID) as ids");
        var window = logs.Query("filter verb = \"delete\" | stats count(*) as n", new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 23, 59, 59, TimeSpan.Zero));

        Assert.Equal((250_000L, 250_000L), (Convert.ToInt64(all.Rows[0][0]), Convert.ToInt64(all.Rows[0][1])));
        Assert.Equal(Enumerable.Range(0, 250_000).LongCount(i => i % 500 == 0 && i * 10 >= 86_400 && i * 10 < 2 * 86_400), Convert.ToInt64(window.Rows[0][0])); // the deletes of 2 November
        Assert.Empty(all.Scan.Skipped);
        Assert.Contains(reads.Drain(), r => r.Path == "audit/audit.jsonl" && r.Sha256 == Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
    }

    /// <summary>Raw audit lines as kube-apiserver writes them, and as other writers may: spaces, CRLF, blank lines, non-ASCII.</summary>
    private static readonly string[] RawLines =
    [
        """{"kind":"Event","auditID":"a1","verb":"create","user":{"username":"alice"},"objectRef":{"resource":"pods","name":"web-1"},"stageTimestamp":"2026-11-01T00:00:00Z"}""",
        """  { "kind": "Event", "auditID": "a2", "verb": "get", "user": {"username": "bob"}, "note": "héllo ✓", "stageTimestamp": "2026-11-01T00:00:01Z" }""",
        """{"kind":"Event","auditID":"a3","Verb":"delete","user":{"username":"carol"},"stageTimestamp":"2026-11-01T00:00:02Z"}""",
    ];

    [Fact]
    public void Json_lines_events_are_kept_by_their_place_and_their_text_read_back_from_the_evidence_exactly()
    {
        _temp.Write("raw/cp/audit.log", RawLines[0] + "\r\n\n" + RawLines[1] + "\n   \n" + RawLines[2]);
        var reads = new EvidenceReadLog();
        using var logs = new InsightsLocal(new EvidenceRoot(_temp.Combine("raw"), reads), "cp", null, new LogEngineOptions(CaseFolder: _case));

        var messages = logs.Query("fields @timestamp, @message, user.username | sort @timestamp asc");
        // jq -c 'select(.verb == "delete")' on these lines prints nothing: field names are matched as written ("Verb" is not "verb").
        var deletes = logs.Query("filter verb = \"delete\" | stats count(*) as n");

        Assert.Contains("kept by their place in the evidence", logs.Description);
        Assert.Equal(RawLines.Select(l => l.Trim()), messages.Rows.Select(r => (string?)r[1]));
        Assert.Equal(["alice", "bob", "carol"], messages.Rows.Select(r => (string?)r[2]));
        Assert.Equal(0L, Convert.ToInt64(deletes.Rows[0][0]));
        Assert.Empty(messages.Scan.Skipped);
        Assert.Contains(reads.Drain(), r => r.Path == "cp/audit.log"); // the lines were read again through the evidence root (journaled)
    }

    [Fact]
    public void A_line_that_holds_the_stores_own_mark_is_taken_in_with_its_text_and_answers_the_same()
    {
        _temp.Write("raw/cp/audit.log", RawLines[0] + "\n" + RawLines[1].Replace("\"note\"", "\"eksir:offset\"", StringComparison.Ordinal) + "\n");
        using var logs = new InsightsLocal(new EvidenceRoot(_temp.Combine("raw")), "cp", null, new LogEngineOptions(CaseFolder: _case));

        var rows = logs.Query("fields @timestamp, verb, `eksir:offset` | sort @timestamp asc").Rows;

        Assert.DoesNotContain("kept by their place", logs.Description);
        Assert.Equal(["create", "get"], rows.Select(r => (string?)r[1]));
        Assert.Equal([null, "héllo ✓"], rows.Select(r => (string?)r[2]));
    }

    [Fact]
    public void Evidence_that_changed_under_an_open_store_is_an_error_naming_the_file_and_the_byte_never_another_events_text()
    {
        _temp.Write("raw/cp/audit.log", RawLines[0] + "\n" + RawLines[1] + "\n");
        using var logs = new InsightsLocal(new EvidenceRoot(_temp.Combine("raw")), "cp", null, new LogEngineOptions(CaseFolder: _case));
        Assert.Equal(2, logs.Query("fields verb").Rows.Count);
        File.WriteAllText(_temp.Combine("raw", "cp", "audit.log"), "xx" + RawLines[0] + "\n" + RawLines[1] + "\n");

        var changed = Assert.ThrowsAny<Exception>(() => logs.Query("fields @message | sort @timestamp desc"));

        Assert.Contains("cp/audit.log", changed.Message);
        Assert.Matches($"cp/audit.log: byte (0|{RawLines[0].Length + 1}): ", changed.Message); // where an event was when the store took it in
        Assert.Contains("changed since the case store took it in", changed.Message);
    }

    [Fact]
    public void A_query_reading_the_text_of_many_events_streams_the_files_and_one_reading_few_reads_them_back_with_the_same_answers()
    {
        var lines = Enumerable.Range(0, 30_000).Select(i =>
            $$"""{"kind":"Event","auditID":"e{{i}}","verb":"{{(i % 1000 == 0 ? "create" : "get")}}","userAgent":"{{(i % 3 == 0 ? "kubectl/v1.31" : "kubelet/v1.31")}}","stageTimestamp":"{{new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i):yyyy-MM-ddTHH:mm:ssZ}}"}""");
        _temp.Write("many/cp/audit.log", string.Join("\n", lines) + "\n");
        using var logs = new InsightsLocal(new EvidenceRoot(_temp.Combine("many")), "cp", null, new LogEngineOptions(CaseFolder: _case));

        var everyEvent = logs.Query("filter userAgent like /kubectl/ | stats count(*) as n"); // userAgent is not a stored column
        var fewEvents = logs.Query("filter verb = \"create\" and userAgent like /kubectl/ | stats count(*) as n");
        var latest = logs.Query("fields @timestamp, @message | sort @timestamp desc | limit 5"); // the text of the five shown only

        Assert.Equal(10_000L, Convert.ToInt64(everyEvent.Rows[0][0])); // every third of 30,000
        Assert.StartsWith("read from the evidence, not the case store: the query reads the text of 30,000 events", everyEvent.Scan.Pruning);
        Assert.Equal(10L, Convert.ToInt64(fewEvents.Rows[0][0])); // i % 1000 == 0 and i % 3 == 0: 0, 3000, …, 27000
        Assert.DoesNotContain("not the case store", fewEvents.Scan.Pruning ?? "");
        Assert.Equal(lines.Reverse().Take(5), latest.Rows.Select(r => (string?)r[1]));
        Assert.DoesNotContain("not the case store", latest.Scan.Pruning ?? "");
    }
}

