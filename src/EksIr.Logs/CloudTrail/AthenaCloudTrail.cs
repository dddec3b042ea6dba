using System.Globalization;
using System.Text.Json;
using EksIr.Cloud.Aws;
using EksIr.Logs.Sql;

namespace EksIr.Logs.CloudTrail;

/// <summary>Where live Athena runs: database, workgroup, result location (an S3 URI), catalog.</summary>
public sealed record AthenaTarget(string Database, string WorkGroup, string? OutputLocation, string Catalog = "AwsDataCatalog");

/// <summary>
/// CloudTrail SQL on live Athena over its JSON 1.1 API: StartQueryExecution, GetQueryExecution polled (state shown as
/// progress; cancelling stops the query with StopQueryExecution), then GetQueryResults page by page. The bytes
/// scanned and the cost at Athena's $5 per TB (10 MB minimum) are reported; a failed query's reason is the error. The
/// time waited and the pauses between polls are on the <paramref name="clock"/> given.
/// </summary>
public sealed class AthenaCloudTrail(AwsJsonClient athena, AthenaTarget target, TimeProvider clock, TimeSpan? pollInterval = null) : ICloudTrailSql
{
    public const string TargetPrefix = "AmazonAthena";

    public string Description => $"Athena database {target.Database} (workgroup {target.WorkGroup})";

    public async Task<QueryResult> QueryAsync(string sql, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var start = await athena.CallAsync("StartQueryExecution", new Dictionary<string, object?>
        {
            ["QueryString"] = sql,
            ["QueryExecutionContext"] = new { Database = target.Database, Catalog = target.Catalog },
            ["WorkGroup"] = target.WorkGroup,
            ["ResultConfiguration"] = target.OutputLocation is null ? null : new { OutputLocation = target.OutputLocation },
            ["ClientRequestToken"] = Guid.NewGuid().ToString(),
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value), cancellationToken).ConfigureAwait(false);
        var id = start.GetProperty("QueryExecutionId").GetString()!;
        try
        {
            var execution = await WaitAsync(id, progress, cancellationToken).ConfigureAwait(false);
            var scanned = execution.TryGetProperty("Statistics", out var stats) && stats.TryGetProperty("DataScannedInBytes", out var b) ? b.GetInt64() : 0;
            var (columns, rows) = await ResultsAsync(id, cancellationToken).ConfigureAwait(false);
            var cost = Math.Max(scanned, 10L << 20) / 1e12 * 5;
            return new QueryResult(columns, rows, new QueryScan(0, 0, scanned, $"Athena query {id}; scanned {EksIr.Core.Reporting.ByteSize.Format(scanned)} ≈ ${cost.ToString("0.0000", CultureInfo.InvariantCulture)} at $5/TB", []));
        }
        catch (OperationCanceledException)
        {
            await athena.CallAsync("StopQueryExecution", new { QueryExecutionId = id }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<JsonElement> WaitAsync(string id, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        while (true)
        {
            var answer = await athena.CallAsync("GetQueryExecution", new { QueryExecutionId = id }, cancellationToken).ConfigureAwait(false);
            var execution = answer.GetProperty("QueryExecution");
            var status = execution.GetProperty("Status");
            var state = status.GetProperty("State").GetString();
            switch (state)
            {
                case "SUCCEEDED":
                    return execution;
                case "FAILED" or "CANCELLED":
                    var reason = status.TryGetProperty("StateChangeReason", out var r) ? r.GetString() : null;
                    var error = status.TryGetProperty("AthenaError", out var e) && e.TryGetProperty("ErrorMessage", out var m) ? m.GetString() : null;
                    throw new SqlQueryException($"Athena query {id} {state!.ToLowerInvariant()}: {reason ?? error ?? "no reason given"}");
            }

            progress?.Report($"Athena query {id}: {state} ({(clock.GetUtcNow() - started).TotalSeconds:0} s)");
            await Task.Delay(pollInterval ?? TimeSpan.FromSeconds(1), clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(List<QueryColumn>, List<object?[]>)> ResultsAsync(string id, CancellationToken cancellationToken)
    {
        List<QueryColumn>? columns = null;
        var rows = new List<object?[]>();
        string? token = null;
        var first = true;
        do
        {
            var body = new Dictionary<string, object> { ["QueryExecutionId"] = id, ["MaxResults"] = 1000 };
            if (token is not null)
            {
                body["NextToken"] = token;
            }

            var page = await athena.CallAsync("GetQueryResults", body, cancellationToken).ConfigureAwait(false);
            var set = page.GetProperty("ResultSet");
            columns ??= set.GetProperty("ResultSetMetadata").GetProperty("ColumnInfo").EnumerateArray()
                .Select(c => new QueryColumn(c.GetProperty("Name").GetString()!, c.TryGetProperty("Type", out var t) ? t.GetString()! : "varchar")).ToList();
            foreach (var row in set.GetProperty("Rows").EnumerateArray())
            {
                var data = row.GetProperty("Data").EnumerateArray().Select(d => d.TryGetProperty("VarCharValue", out var v) ? v.GetString() : null).ToList();
                if (first && data.Count == columns.Count && data.Select((v, i) => v == columns[i].Name).All(x => x))
                {
                    first = false; // a SELECT's first row repeats the column names
                    continue;
                }

                first = false;
                rows.Add(data.Select((v, i) => Value(v, columns[i].Type)).ToArray());
            }

            token = page.TryGetProperty("NextToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);

        return (columns ?? [], rows);
    }

    private static object? Value(string? text, string type) => text is null ? null : type switch
    {
        "bigint" or "integer" or "smallint" or "tinyint" => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : text,
        "double" or "float" or "real" or "decimal" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : text,
        "boolean" => bool.TryParse(text, out var b) ? b : text,
        "timestamp" or "timestamp with time zone" => DateTime.TryParse(text.Replace(" UTC", "", StringComparison.Ordinal), CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : text,
        _ => text,
    };
}
