using System.Globalization;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using EksIr.Cloud.Aws;
using EksIr.Core.Evidence;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>The live Athena and Logs Insights clients against a loopback endpoint that answers with the local engines
/// over the same evidence: the same query gives the same rows; every call is JSON 1.1, SigV4-signed for its service;
/// throttling is retried, a failed query is said, cancelling stops the query.</summary>
public sealed class LiveClientsTests : IDisposable
{
    private static readonly string Incident = Repo.Path("sample-data", "incident-1");
    private static readonly AWSCredentials Credentials = new BasicAWSCredentials(FakeAwsServer.AccessKey, FakeAwsServer.SecretKey);
    private readonly FakeAwsServer _server = new(Path.Combine(Incident, "aws"));
    private readonly CloudTrailLocal _trail = new(new EvidenceRoot(Incident), "cloudtrail");
    private readonly InsightsLocal _logs = new(new EvidenceRoot(Incident), "control-plane");

    public LiveClientsTests()
    {
        _server.Athena = sql =>
        {
            var local = _trail.Query(sql);
            return (local.Columns.Select(c => (c.Name, c.Type.ToLowerInvariant() switch { "bigint" => "bigint", "timestamp" => "timestamp", _ => "varchar" })).ToList(),
                local.Rows.Select(r => r.Select(v => v is DateTime t ? t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : QueryViews.Text(v)).ToArray()).ToList());
        };
        _server.Insights = (query, start, end) =>
        {
            var local = _logs.Query(query, DateTimeOffset.FromUnixTimeSeconds(start), DateTimeOffset.FromUnixTimeSeconds(end));
            return local.Rows.Select(r => (IReadOnlyList<(string, string)>)local.Columns.Select((c, i) => (c.Name, r[i] is DateTime t ? t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : QueryViews.Text(r[i]) ?? ""))
                .Where(x => x.Item2.Length > 0).ToList()).ToList();
        };
    }

    public void Dispose()
    {
        _server.Dispose();
        _trail.Dispose();
        _logs.Dispose();
    }

    private AwsJsonClient Client(string service, string prefix) => new(service, prefix, RegionEndpoint.USWest2, Credentials, new Uri(_server.Url), firstBackoff: TimeSpan.FromMilliseconds(10));

    private AthenaCloudTrail Athena(TimeProvider? clock = null) => new(Client("athena", AthenaCloudTrail.TargetPrefix), new AthenaTarget("cloudtrail_db", "incident", "s3://ir-athena-results-111122223333/eksir/"),
        clock ?? TimeProvider.System, TimeSpan.FromMilliseconds(10));

    private const string Sql = "SELECT eventtime, eventname, count(*) OVER () AS n FROM cloudtrail WHERE sourceipaddress = '203.0.113.50' ORDER BY eventtime";

    [Fact]
    public async Task Athena_gives_the_local_rows_through_start_poll_and_paged_results()
    {
        var live = await Athena().QueryAsync(Sql);
        var local = _trail.Query(Sql);

        Assert.Equal(local.Rows.Select(r => ((string?)r[0], (string?)r[1], Convert.ToInt64(r[2]))), live.Rows.Select(r => ((string?)r[0], (string?)r[1], (long)r[2]!)));
        Assert.Equal(["StartQueryExecution", "GetQueryExecution", "GetQueryExecution", "GetQueryResults", "GetQueryResults", "GetQueryResults"], _server.Actions);
        var start = JsonDocument.Parse(_server.Calls.First().Json).RootElement;
        Assert.Equal(Sql, start.GetProperty("QueryString").GetString());
        Assert.Equal("cloudtrail_db", start.GetProperty("QueryExecutionContext").GetProperty("Database").GetString());
        Assert.Equal("incident", start.GetProperty("WorkGroup").GetString());
        Assert.Equal("s3://ir-athena-results-111122223333/eksir/", start.GetProperty("ResultConfiguration").GetProperty("OutputLocation").GetString());
        Assert.All(_server.Calls, c => Assert.Equal(("athena", true, "application/x-amz-json-1.1"), (c.Service, c.Signed, c.Parameters["Content-Type"].Split(';')[0])));
        Assert.Contains(_server.Calls, c => c.Scope.StartsWith("athena/us-west-2", StringComparison.Ordinal));
        Assert.Contains("scanned 50 MiB ≈ $0.0003 at $5/TB", live.Scan.Pruning);
    }

    [Fact]
    public async Task Athena_throttling_is_retried_a_failed_query_is_said_and_cancelling_stops_it()
    {
        _server.Fail("StartQueryExecution", "ThrottlingException", 400, times: 2, message: "Rate exceeded");
        var retried = await Athena().QueryAsync(Sql);
        _server.AthenaFailure = "SYNTAX_ERROR: line 1:8: Column 'nosuch' cannot be resolved";
        var failed = await Assert.ThrowsAsync<SqlQueryException>(() => Athena().QueryAsync("SELECT nosuch FROM cloudtrail"));
        _server.AthenaFailure = null;
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Athena().QueryAsync(Sql, new SyncProgress(_ => cancel.Cancel()), cancel.Token));

        Assert.Equal(3 + 2, _server.Actions.Count(a => a == "StartQueryExecution")); // 2 throttled + 1, then the failed and the cancelled queries
        Assert.Equal(4, retried.Rows.Count);
        Assert.Matches(@"^Athena query q-\d+ failed: SYNTAX_ERROR: line 1:8: Column 'nosuch' cannot be resolved$", failed.Message);
        Assert.Equal("StopQueryExecution", _server.Actions.Last());
    }

    [Fact]
    public async Task Athena_says_the_time_waited_on_the_clock_it_is_given()
    {
        var progress = new List<string>();

        await Athena(new MinutePerReading(new DateTimeOffset(2026, 11, 29, 7, 0, 0, TimeSpan.Zero))).QueryAsync(Sql, new SyncProgress(progress.Add));

        // The fake Athena answers RUNNING to the first poll: the clock was read at the start of the wait and once for that poll.
        Assert.Matches(@"^Athena query q-\d+: RUNNING \(60 s\)$", Assert.Single(progress));
    }

    /// <summary>A clock that moves a minute each time it is read.</summary>
    private sealed class MinutePerReading(DateTimeOffset start) : TimeProvider
    {
        private int _readings;

        public override DateTimeOffset GetUtcNow() => start.AddMinutes(Interlocked.Increment(ref _readings));
    }

    [Fact]
    public async Task Logs_insights_gives_the_local_rows_for_the_time_range_asked()
    {
        var live = new CloudWatchInsights(Client("logs", CloudWatchInsights.TargetPrefix), ["/aws/eks/eksworkshop-eksctl/cluster"], TimeProvider.System, TimeSpan.FromMilliseconds(10));
        const string query = "filter objectRef.subresource = \"exec\" | fields @timestamp, user.username, objectRef.name | sort @timestamp asc";
        var (from, until) = (new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 7, 0, 0, TimeSpan.Zero));

        var result = await live.QueryAsync(query, from, until);
        var local = _logs.Query(query, from, until);

        Assert.Equal(["@timestamp", "user.username", "objectRef.name"], result.Columns.Select(c => c.Name));
        Assert.Equal(local.Rows.Select(r => ((DateTime?)r[0], (string?)r[1])), result.Rows.Select(r => ((DateTime?)r[0], (string?)r[1])));
        Assert.Equal(["StartQuery", "GetQueryResults", "GetQueryResults"], _server.Actions);
        var start = JsonDocument.Parse(_server.Calls.First().Json).RootElement;
        Assert.Equal((from.ToUnixTimeSeconds(), until.ToUnixTimeSeconds(), query), (start.GetProperty("startTime").GetInt64(), start.GetProperty("endTime").GetInt64(), start.GetProperty("queryString").GetString()));
        Assert.Equal("/aws/eks/eksworkshop-eksctl/cluster", start.GetProperty("logGroupNames")[0].GetString());
        Assert.All(_server.Calls, c => Assert.True(c.Signed && c.Service == "logs", c.Scope));
    }

    [Fact]
    public async Task Top_events_live_say_that_cloudwatch_counts_distinct_requests_approximately()
    {
        // AWS's stats page: "If the field has very high cardinality (contains many unique values), the value returned
        // by count_distinct is just an approximation." The local engine counts exactly, and says nothing of it.
        var live = new CloudWatchInsights(Client("logs", CloudWatchInsights.TargetPrefix), ["/aws/eks/eksworkshop-eksctl/cluster"], TimeProvider.System, TimeSpan.FromMilliseconds(10));
        var (from, until) = (new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 7, 0, 0, TimeSpan.Zero));

        var result = await InsightsTemplates.QueryAsync(live, "top-events", new Dictionary<string, string>(), from, until);
        var local = await InsightsTemplates.QueryAsync(_logs, "top-events", new Dictionary<string, string>(), from, until);

        Assert.Equal(local.Rows.Select(r => string.Join("|", r)).Order(StringComparer.Ordinal), result.Rows.Select(r => string.Join("|", r)).Order(StringComparer.Ordinal)); // ties in any order
        Assert.Contains("count_distinct is an approximation", result.Scan.Pruning);
        Assert.DoesNotContain("approximation", local.Scan.Pruning ?? "");
    }

    [Fact]
    public async Task A_query_that_does_not_read_is_refused_before_any_call_and_an_aws_error_is_named()
    {
        var live = new CloudWatchInsights(Client("logs", CloudWatchInsights.TargetPrefix), ["/aws/eks/c/cluster"], TimeProvider.System, TimeSpan.FromMilliseconds(10));
        await Assert.ThrowsAsync<InsightsSyntaxException>(() => live.QueryAsync("filter verb = "));
        Assert.Empty(_server.Calls);

        _server.Fail("StartQuery", "ResourceNotFoundException", 400, message: "Log group '/aws/eks/c/cluster' does not exist");
        var missing = await Assert.ThrowsAsync<AwsActionException>(() => live.QueryAsync("fields @message"));
        Assert.Equal("logs StartQuery: ResourceNotFoundException: Log group '/aws/eks/c/cluster' does not exist", missing.Message);
    }
}
