using EksIr.Core.Reporting;
using EksIr.Core.Time;
using EksIr.Logs;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Verbs.Logs;

/// <summary>
/// One query over the logs, given whole: CloudTrail SQL (an export in the evidence, or live Athena) and Logs Insights on
/// EKS control-plane logs (an export, or the live log group). A notebook also connects a query kernel to either
/// (<c>#!connect cloudtrail|athena|insights</c>), a cell per query; both open their engine through <see cref="LogEngines"/>.
/// </summary>
public static class LogQueryVerbs
{
    private static readonly VerbOption AllowExternalAccess =
        VerbOption.Flag(LogEngineOptions.AllowExternalAccessOption, "let the query read and write any file you can (the evidence too) and load DuckDB extensions");

    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<QueryResult>(
            "sql",
            "Athena SQL on CloudTrail as S3 delivers it (AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/*.json.gz, plain " +
            ".json, {\"Records\": […]} or JSON lines), one event as AWS's documentation prints it, or aws cloudtrail lookup-events " +
            "output: the table is cloudtrail, with the columns of AWS's Athena CloudTrail table and region_partition, date_partition " +
            "('yyyy/MM/dd'), account_partition; predicates on them skip files unread. With --athena the same SQL runs on live " +
            "Athena (the table your database calls cloudtrail). Locally the SQL reads the evidence only through its table, " +
            "touches no other file (but the case folder's) and loads no extension, unless --allow-external-access.",
            [
                new VerbOption("--query", "the SQL", Required: true, Implicit: true, Placeholder: "SQL"),
                new VerbOption("--cloudtrail", "the folder holding the CloudTrail files (searched below)", Evidence: true, ValueName: "DIR"),
                AllowExternalAccess,
                VerbOption.Flag("--athena", "run on live Athena instead"),
                new VerbOption("--database", "Athena database (with --athena)", ValueName: "D"),
                new VerbOption("--workgroup", "Athena workgroup (with --athena)", Default: LogEngines.DefaultWorkGroup, ValueName: "W"),
                new VerbOption("--output-location", "S3 URI for Athena's results (default: the workgroup's)", ValueName: "S3URI"),
                .. AwsOptions.All,
            ],
            Sql,
            Said, r => r.Scan.Skipped,
            (r, _) => Table(r),
            r => QueryViews.Objects(r), "print one object per row, column names as in the query",
            notes: r => [Said(r)])
        {
            CommandLineOnly = "a notebook's SQL runs in a query kernel, a cell per query (#!connect cloudtrail or #!connect athena); #!sql is .NET Interactive's own SQL kernel",
        },
        new Verb<QueryResult>(
            "insights",
            "A CloudWatch Logs Insights query (or a playbook's, --template) on EKS control-plane logs exported from " +
            "/aws/eks/<cluster>/cluster (aws logs filter-log-events output, JSON lines, or CloudWatch's S3 export). Fields of JSON " +
            "messages are found as Logs Insights finds them (objectRef.name, user.extra.arn.0). Without --logs, --log-group runs " +
            "the query on the live log group (default range: the last 24 hours). Templates (with the --param each needs): " + string.Join(", ", InsightsTemplates.All.Select(t =>
                t.Parameters.Count == 0 ? t.Name : $"{t.Name} ({string.Join(", ", t.Parameters.Select(p => $"{p}={(p == "pod" ? "NS/NAME" : p.ToUpperInvariant())}"))})")) + ".",
            [
                new VerbOption("--query", "the Logs Insights query (or --template)", Implicit: true, Placeholder: "QUERY"),
                new VerbOption("--logs", "the folder holding the exported log events (searched below)", Evidence: true, ValueName: "DIR"),
                AllowExternalAccess,
                new VerbOption("--log-group", "the live log group, /aws/eks/CLUSTER/cluster (with --logs: the value of @log)", ValueName: "G"),
                new VerbOption("--template", "run a playbook query by name instead of QUERY", ValueName: "NAME"),
                VerbOption.List("--param", "a template's parameter NAME=VALUE: pod=NS/NAME, node=NAME (comma-separated, or the option repeated)"),
                new VerbOption("--start", "only events at or after this time (ISO 8601, UTC unless it says otherwise)", ValueName: "ISO"),
                new VerbOption("--end", "only events at or before this time", ValueName: "ISO"),
                .. AwsOptions.All,
            ],
            Insights,
            Said, r => r.Scan.Skipped,
            (r, _) => Table(r),
            r => QueryViews.Objects(r), "print one object per row, field names as in the query",
            notes: r => [Said(r)]),
    ];

    private static async Task<QueryResult> Sql(VerbCall call)
    {
        var arguments = call.Arguments;
        using var engine = arguments.Flag("--athena")
            ? LogEngines.Athena(AwsOptions.Connection(arguments), Given(arguments.Value("--database")) ?? throw new VerbUsageException("sql: --athena needs --database"),
                call.Clock, arguments.Value("--workgroup"), arguments.Value("--output-location"))
            : Given(arguments.Value("--cloudtrail")) is null
                ? throw new VerbUsageException("sql: give --cloudtrail DIR, or --athena --database D")
                : Local(call, "--cloudtrail", (root, path, options) => LogEngines.CloudTrail(root, path, options));
        return await engine.Queries.QueryAsync(arguments.Required("--query"), call.Progress, call.Cancellation).ConfigureAwait(false);
    }

    private static async Task<QueryResult> Insights(VerbCall call)
    {
        var arguments = call.Arguments;
        var template = Given(arguments.Value("--template"));
        var query = Given(arguments.Value("--query"));
        if ((template is null) == (query is null))
        {
            throw new VerbUsageException("insights: give a QUERY or --template NAME (one of them)");
        }

        var values = arguments.List("--param").Select(p => p.Split('=', 2)).ToDictionary(
            p => p.Length == 2 ? p[0] : throw new VerbUsageException($"insights: --param {p[0]}: give NAME=VALUE"), p => p[1], StringComparer.OrdinalIgnoreCase);
        var (start, end) = (Time(call, "--start"), Time(call, "--end"));
        using var engine = Given(arguments.Value("--logs")) is not null
            ? Local(call, "--logs", (root, path, options) => LogEngines.ExportedLogs(root, path, arguments.Value("--log-group"), options, call.Clock, oneShot: true))
            : LogEngines.LogGroup(AwsOptions.Connection(arguments),
                Given(arguments.Value("--log-group")) ?? throw new VerbUsageException("insights: give --logs DIR, or --log-group G for the live log group"), call.Clock);
        if (template is null)
        {
            return await engine.Queries.QueryAsync(query!, start, end, call.Progress, call.Cancellation).ConfigureAwait(false);
        }

        try
        {
            return await InsightsTemplates.QueryAsync(engine.Queries, template, values, start, end, call.Progress, call.Cancellation).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            throw new VerbUsageException("insights: " + e.Message);
        }
    }

    /// <summary>A local engine over the export an option names: locked down but for the case folder (when in a case), unless the analyst lifts it.</summary>
    private static OpenedLogEngine<T> Local<T>(VerbCall call, string option, Func<Core.Evidence.EvidenceRoot, string, LogEngineOptions, OpenedLogEngine<T>> open)
    {
        var (root, path) = call.File(option);
        return open(root, path, new LogEngineOptions(call.Arguments.Flag(LogEngineOptions.AllowExternalAccessOption), call.Case?.CaseDirectory));
    }

    private static DateTimeOffset? Time(VerbCall call, string option) =>
        Given(call.Arguments.Value(option)) is not { } value ? null
        : TimeOption.Parse(value) ?? throw new VerbUsageException("insights: " + TimeOption.NotATime(option, value));

    private static string Said(QueryResult result) => $"{Core.Reporting.Counted.Of(result.Rows.Count, "row")}; {result.Scan.Summary}";

    private static string Table(QueryResult result)
    {
        var table = TextTable.Render(QueryViews.Headers(result), QueryViews.Rows(result));
        return table.EndsWith('\n') ? table : table + "\n";
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
