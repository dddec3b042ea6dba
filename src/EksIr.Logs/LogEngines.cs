using EksIr.Cloud.Aws;
using EksIr.Core.Evidence;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Logs;

/// <summary>
/// The log engines as the analyst points them, opened one way for every front end (a notebook's query kernels, the
/// one-shot query verbs): CloudTrail SQL over an export in the evidence or on live Athena, Logs Insights over exported
/// control-plane logs or on the live log group. A value left empty (a notebook parameter set to "") is taken as not given.
/// </summary>
public static class LogEngines
{
    /// <summary>The Athena workgroup used when none is named (Athena's own default).</summary>
    public const string DefaultWorkGroup = "primary";

    /// <summary>CloudTrail SQL over the export at <paramref name="folder"/> of the evidence (the table is cloudtrail).</summary>
    public static OpenedLogEngine<ICloudTrailSql> CloudTrail(EvidenceRoot root, string folder, LogEngineOptions options)
    {
        var engine = new CloudTrailLocal(root, folder, options);
        return new(engine, engine.Description, engine.Problems, engine);
    }

    /// <summary>
    /// The same SQL on live Athena: the database's cloudtrail table, in the workgroup (default primary), results where the
    /// workgroup keeps them unless given; the wait for the query is timed on the clock.
    /// </summary>
    public static OpenedLogEngine<ICloudTrailSql> Athena(AwsConnection connection, string database, TimeProvider clock, string? workGroup = null, string? outputLocation = null)
    {
        var client = AwsJsonClient.For(connection, "athena", AthenaCloudTrail.TargetPrefix);
        var engine = new AthenaCloudTrail(client, new AthenaTarget(database, Given(workGroup) ?? DefaultWorkGroup, Given(outputLocation)), clock);
        return new(engine, engine.Description, [], client);
    }

    /// <summary>
    /// Logs Insights over the control-plane logs exported at <paramref name="folder"/> of the evidence (<paramref name="logGroup"/>:
    /// the value of @log); now() in a query is the clock's; <paramref name="oneShot"/> for a single query, streamed rather than loaded.
    /// </summary>
    public static OpenedLogEngine<IInsightsQueries> ExportedLogs(EvidenceRoot root, string folder, string? logGroup, LogEngineOptions options, TimeProvider clock, bool oneShot = false)
    {
        var engine = new InsightsLocal(root, folder, Given(logGroup), options, clock, oneShot);
        return new(engine, engine.Description, engine.Problems, engine);
    }

    /// <summary>The same query on the live log group (CloudWatch Logs Insights; by default over the last 24 hours of the clock).</summary>
    public static OpenedLogEngine<IInsightsQueries> LogGroup(AwsConnection connection, string logGroup, TimeProvider clock)
    {
        var client = AwsJsonClient.For(connection, "logs", CloudWatchInsights.TargetPrefix);
        var engine = new CloudWatchInsights(client, [logGroup], clock);
        return new(engine, engine.Description, [], client);
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
