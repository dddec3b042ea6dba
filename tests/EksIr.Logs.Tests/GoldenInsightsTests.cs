using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EksIr.Core.Evidence;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>
/// The golden conformance suite (Golden/Insights/*.json, see its README): each case's query over its events, with the
/// columns and rows AWS's Logs Insights documentation gives for it, or the refusal it must meet.
/// </summary>
public sealed class GoldenInsightsTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Golden", "Insights");

    public static TheoryData<string> Cases() => [.. Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_local_engine_answers_as_the_documentation_says(string name) => Check(name, streamed: false);

    /// <summary>The same cases streamed from JSON lines, one query at a time, as the command line runs them: the same answers.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Streamed_one_query_at_a_time_the_answers_are_the_same(string name) => Check(name, streamed: true);

    /// <summary>The same cases from JSON lines taken into a case's store, whose audit fields are columns of their own: the same answers.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void From_a_case_store_the_answers_are_the_same(string name) => Check(name, streamed: false, stored: true);

    private static void Check(string name, bool streamed, bool stored = false)
    {
        var golden = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")))!.AsObject();
        using var temp = new TempDir();
        var lines = streamed || stored;
        WriteExport(golden["events"]!.AsArray(), temp.Combine("evidence", "control-plane", lines ? "events.jsonl" : "events.json"), lines);
        using var logs = new InsightsLocal(new EvidenceRoot(temp.Combine("evidence")), "control-plane", "/aws/eks/golden/cluster",
            new LogEngineOptions(CaseFolder: stored ? temp.Combine("case") : null), oneShot: streamed);
        if (stored)
        {
            Assert.Contains("case store", logs.Description);
        }

        var query = golden["query"]!.GetValue<string>();
        var expect = golden["expect"]!.AsObject();

        if (expect["error"] is { } error)
        {
            var refused = Assert.ThrowsAny<Exception>(() => logs.Query(query));
            Assert.Contains(error.GetValue<string>(), refused.Message, StringComparison.OrdinalIgnoreCase);
            if (expect["at"] is { } at)
            {
                Assert.Contains($"line {at["line"]}, column {at["column"]}", refused.Message);
            }

            return;
        }

        var result = logs.Query(query);
        if (streamed)
        {
            Assert.StartsWith("streamed", result.Scan.Pruning); // answered by streaming, not by loading the export after all
        }

        var columns = expect["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        var columnsOrdered = expect["columnsOrdered"]?.GetValue<bool>() ?? true;
        var actualColumns = result.Columns.Select(c => c.Name).ToList();
        if (columnsOrdered)
        {
            Assert.Equal(columns, actualColumns);
        }
        else
        {
            Assert.Equal(columns.Order(StringComparer.Ordinal), actualColumns.Order(StringComparer.Ordinal));
        }

        // Rows as CloudWatch returns them: every value a string, in the expected column order.
        var positions = columns.Select(c => actualColumns.IndexOf(c)).ToList();
        var actual = result.Rows.Select(r => string.Join(" | ", positions.Select(p => Shown(r[p])))).ToList();
        var expected = expect["rows"]!.AsArray().Select(r => string.Join(" | ", r!.AsArray().Select(v => v is null ? "(null)" : v.GetValue<string>()))).ToList();
        if (expect["ordered"]?.GetValue<bool>() ?? true)
        {
            Assert.Equal(expected, actual);
        }
        else
        {
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        }
    }

    /// <summary>A value as CloudWatch's GetQueryResults returns it: a time as yyyy-MM-dd HH:mm:ss.SSS in UTC (the README's rule 1), anything else as the table shows it.</summary>
    private static string Shown(object? value) => value is DateTime t
        ? t.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)
        : QueryViews.Text(value) ?? "(null)";

    /// <summary>
    /// The events as <c>aws logs filter-log-events</c> writes them, or as JSON lines of the same events; a message given
    /// as an object is its compact JSON.
    /// </summary>
    private static void WriteExport(JsonArray events, string file, bool lines)
    {
        var compact = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var written = new JsonArray();
        var id = 0;
        foreach (var e in events)
        {
            var time = DateTimeOffset.Parse(e!["timestamp"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            var message = e["message"] is JsonValue text ? text.GetValue<string>() : e["message"]!.ToJsonString(compact);
            written.Add(new JsonObject
            {
                ["logStreamName"] = e["logStream"]!.GetValue<string>(),
                ["timestamp"] = time,
                ["message"] = message,
                ["ingestionTime"] = time + 500,
                ["eventId"] = (++id).ToString(CultureInfo.InvariantCulture),
            });
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, lines ? string.Concat(written.Select(e => e!.ToJsonString() + "\n")) : new JsonObject { ["events"] = written }.ToJsonString());
    }
}
