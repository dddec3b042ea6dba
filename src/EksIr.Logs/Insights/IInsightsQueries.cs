using EksIr.Logs.Sql;

namespace EksIr.Logs.Insights;

/// <summary>
/// Where a Logs Insights query runs: exported control-plane logs through the embedded engine (<see cref="InsightsLocal"/>)
/// or the live log group. The same query text works on both.
/// </summary>
public interface IInsightsQueries
{
    string Description { get; }

    Task<QueryResult> QueryAsync(string query, DateTimeOffset? start = null, DateTimeOffset? end = null, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default);
}
