using System.Globalization;
using System.Text.Json;
using EksIr.Cloud.Aws;
using EksIr.Core.Reporting;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// Logs Insights on the live log group over CloudWatch Logs' JSON 1.1 API: StartQuery with the time range (default: the
/// last 24 hours, said in the result), GetQueryResults polled until Complete (progress shown; cancelling sends
/// StopQuery). Fields come back as the query names them, in order of first appearance.
/// </summary>
public sealed class CloudWatchInsights(AwsJsonClient logs, IReadOnlyList<string> logGroups, TimeProvider clock, TimeSpan? pollInterval = null) : IInsightsQueries
{
    public const string TargetPrefix = "Logs_20140328";

    public string Description => $"log group {string.Join(", ", logGroups)} (live)";

    public async Task<QueryResult> QueryAsync(string query, DateTimeOffset? start = null, DateTimeOffset? end = null, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        InsightsParser.Check(query); // refuse a query that does not read before asking AWS, with the same position message
        var until = end ?? clock.GetUtcNow();
        var from = start ?? until.AddHours(-24);
        var started = await logs.CallAsync("StartQuery", new Dictionary<string, object>
        {
            ["logGroupNames"] = logGroups,
            ["startTime"] = from.ToUnixTimeSeconds(),
            ["endTime"] = until.ToUnixTimeSeconds(),
            ["queryString"] = query,
        }, cancellationToken).ConfigureAwait(false);
        var id = started.GetProperty("queryId").GetString()!;
        try
        {
            var begun = clock.GetUtcNow();
            while (true)
            {
                var answer = await logs.CallAsync("GetQueryResults", new { queryId = id }, cancellationToken).ConfigureAwait(false);
                var status = answer.GetProperty("status").GetString();
                if (status == "Complete")
                {
                    return Result(answer, id, from, until, start is null);
                }

                if (status is "Failed" or "Cancelled" or "Timeout" or "Unknown")
                {
                    throw new SqlQueryException($"Logs Insights query {id}: {status}");
                }

                progress?.Report($"Logs Insights query {id}: {status} ({(clock.GetUtcNow() - begun).TotalSeconds:0} s)");
                await Task.Delay(pollInterval ?? TimeSpan.FromSeconds(1), clock, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            await logs.CallAsync("StopQuery", new { queryId = id }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private static QueryResult Result(JsonElement answer, string id, DateTimeOffset from, DateTimeOffset until, bool defaultRange)
    {
        var columns = new List<string>();
        var rows = new List<Dictionary<string, string?>>();
        foreach (var result in answer.GetProperty("results").EnumerateArray())
        {
            var row = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var cell in result.EnumerateArray())
            {
                var field = cell.GetProperty("field").GetString()!;
                if (field == "@ptr")
                {
                    continue;
                }

                if (!columns.Contains(field))
                {
                    columns.Add(field);
                }

                row[field] = cell.TryGetProperty("value", out var v) ? v.GetString() : null;
            }

            rows.Add(row);
        }

        var stats = answer.TryGetProperty("statistics", out var s) ? s : default;
        var scanned = stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty("bytesScanned", out var b) ? (long)b.GetDouble() : 0;
        var matched = stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty("recordsMatched", out var m) ? (long)m.GetDouble() : 0;
        var note = $"Logs Insights query {id}, {from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} to {until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}{(defaultRange ? " (the last 24 hours: give --start/--end)" : "")}; " +
                   $"{Counted.Of(matched, "record")} matched";
        return new QueryResult(columns.Select(c => new QueryColumn(c, "")).ToList(),
            rows.Select(r => columns.Select(c => Value(c, r.GetValueOrDefault(c))).ToArray()).ToList(),
            new QueryScan(0, 0, scanned, note, []));
    }

    private static object? Value(string field, string? text) =>
        text is not null && (field == "@timestamp" || field == "@ingestionTime" || field.StartsWith("bin(", StringComparison.Ordinal))
        && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t
        : text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !field.StartsWith('@') && !text.Contains(':', StringComparison.Ordinal) ? d
        : text;
}
