using EksIr.Logs.Sql;

namespace EksIr.Logs.CloudTrail;

/// <summary>
/// Where CloudTrail SQL runs: local exports through the embedded engine (<see cref="CloudTrailLocal"/>) or live Athena.
/// The same query text works on both; the table is <c>cloudtrail</c>.
/// </summary>
public interface ICloudTrailSql
{
    /// <summary>For messages and the journal: "CloudTrail DIR (N files)" or "Athena database D (workgroup W)".</summary>
    string Description { get; }

    Task<QueryResult> QueryAsync(string sql, IProgress<string>? progress = null, CancellationToken cancellationToken = default);
}
