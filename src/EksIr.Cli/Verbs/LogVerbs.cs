using EksIr.Cli.CommandLine;
using EksIr.Core.Aws;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;
using EksIr.Core.Time;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir sql --cloudtrail DIR "SQL" [--json]</c></summary>
public sealed class SqlVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "sql",
        "sql (--cloudtrail DIR [--allow-external-access] | --athena --database D --workgroup W [--output-location S3URI] [--region R] [--profile P]) \"SQL\" [--json]",
        "Athena SQL on CloudTrail as S3 delivers it (AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/*.json.gz, plain\n" +
        ".json, {\"Records\": […]} or JSON lines), one event as AWS's documentation prints it, or aws cloudtrail lookup-events\n" +
        "output: the table is cloudtrail, with the columns of AWS's Athena CloudTrail table\n" +
        "and region_partition, date_partition ('yyyy/MM/dd'), account_partition. Predicates on them skip files unread.\n" +
        "With --athena the same SQL runs on live Athena (the table your database calls cloudtrail). Locally the SQL reads the\n" +
        "evidence only through its table, touches no other file and loads no extension, unless --allow-external-access.",
        ["SQL"],
        new Dictionary<string, string>(AccountOptions.Values.Where(o => o.Key != "--snapshot").ToDictionary(o => o.Key, o => o.Value))
        {
            ["--cloudtrail"] = "the folder holding the CloudTrail files (searched below)",
            ["--database"] = "Athena database (with --athena)",
            ["--workgroup"] = "Athena workgroup (with --athena; default: primary)",
            ["--output-location"] = "S3 URI for Athena's results (default: the workgroup's)",
        },
        new Dictionary<string, string>
        {
            ["--athena"] = "run on live Athena", ["--json"] = "print one object per row, column names as in the query",
            [LogEngineOptions.AllowExternalAccessOption] = AllowExternalAccessHelp,
        });

    /// <summary>The switch's help, shared by the local log verbs.</summary>
    internal const string AllowExternalAccessHelp = "let the SQL read and write any file you can (the evidence too) and load DuckDB extensions";

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var progress = new SynchronousProgress<string>(console.Error.WriteLine);
        if (args.Flag("--athena"))
        {
            var connection = new AwsConnection(args.Value("--region"), args.Value("--profile"), args.Value("--endpoint-url"));
            using var client = AwsJsonClient.For(connection, "athena", AthenaCloudTrail.TargetPrefix);
            var athena = new AthenaCloudTrail(client, new AthenaTarget(args.Value("--database") ?? throw new CliException("--athena needs --database", usage: true),
                args.Value("--workgroup") ?? "primary", args.Value("--output-location")));
            return QueryOutput.Write(await athena.QueryAsync(args.Positional(0), progress, cancellationToken), args, console);
        }

        var (root, path) = EvidenceFile.Locate(args.Value("--cloudtrail") ?? throw new CliException("give --cloudtrail DIR, or --athena --database D", usage: true));
        using var trail = new CloudTrailLocal(root, path, new LogEngineOptions(args.Flag(LogEngineOptions.AllowExternalAccessOption)));
        return QueryOutput.Write(await trail.QueryAsync(args.Positional(0), progress, cancellationToken), args, console);
    }
}

/// <summary><c>eksir insights --logs DIR "QUERY" | --template NAME [--param k=v]… [--start ISO] [--end ISO] [--json]</c></summary>
public sealed class InsightsVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "insights",
        "insights (--logs DIR [--allow-external-access] | --log-group G [--region R] [--profile P]) (\"QUERY\" | --template NAME [--param NAME=VALUE]…) [--start ISO] [--end ISO] [--json]",
        "A CloudWatch Logs Insights query on EKS control-plane logs exported from /aws/eks/<cluster>/cluster\n" +
        "(aws logs filter-log-events output, JSON lines, or CloudWatch's S3 export). Fields of JSON messages are found as\n" +
        "Logs Insights finds them (objectRef.name, user.extra.arn.0). Without --logs, --log-group runs the query on the live\n" +
        "log group (default range: the last 24 hours). Templates: " + string.Join(", ", InsightsTemplates.All.Select(t => t.Name)) + ".",
        ["QUERY?"],
        new Dictionary<string, string>(AccountOptions.Values.Where(o => o.Key != "--snapshot").ToDictionary(o => o.Key, o => o.Value))
        {
            ["--logs"] = "the folder holding the exported log events (searched below)",
            ["--template"] = "run a named playbook query instead of QUERY",
            ["--param"] = "a template parameter: pod=NS/NAME, node=NAME (repeatable)",
            ["--start"] = "only events at or after this time (ISO 8601, UTC)",
            ["--end"] = "only events at or before this time",
            ["--log-group"] = "the live log group to query (or, with --logs, the value of @log)",
        },
        new Dictionary<string, string>
        {
            ["--json"] = "print one object per row, field names as in the query", [LogEngineOptions.AllowExternalAccessOption] = SqlVerb.AllowExternalAccessHelp,
        },
        Repeatable: new HashSet<string> { "--param" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var template = args.Value("--template");
        var query = template is null ? (args.Positionals.Count > 0 ? args.Positional(0) : throw new CliException("give a QUERY or --template NAME", usage: true)) : null;
        var values = args.All("--param").Select(p => p.Split('=', 2)).ToDictionary(
            p => p.Length == 2 ? p[0] : throw new CliException($"--param {p[0]}: give NAME=VALUE", usage: true), p => p[1], StringComparer.OrdinalIgnoreCase);
        var progress = new SynchronousProgress<string>(console.Error.WriteLine);
        if (args.Value("--logs") is not { } folder)
        {
            var group = args.Value("--log-group") ?? throw new CliException("give --logs DIR, or --log-group G for the live log group", usage: true);
            var connection = new AwsConnection(args.Value("--region"), args.Value("--profile"), args.Value("--endpoint-url"));
            using var client = AwsJsonClient.For(connection, "logs", CloudWatchInsights.TargetPrefix);
            var live = new CloudWatchInsights(client, [group], TimeProvider.System);
            return QueryOutput.Write(await Run(live, template, query, values, args, progress, cancellationToken), args, console);
        }

        var (root, path) = EvidenceFile.Locate(folder);
        using var logs = new InsightsLocal(root, path, args.Value("--log-group"), new LogEngineOptions(args.Flag(LogEngineOptions.AllowExternalAccessOption)), oneShot: true);
        return QueryOutput.Write(await Run(logs, template, query, values, args, progress, cancellationToken), args, console);
    }

    /// <summary>The query, or the template with its parameters (and the columns it adds), on either engine.</summary>
    private static async Task<QueryResult> Run(IInsightsQueries engine, string? template, string? query, Dictionary<string, string> values, ParsedArgs args,
        IProgress<string> progress, CancellationToken cancellationToken)
    {
        if (template is null)
        {
            return await engine.QueryAsync(query!, Time(args, "--start"), Time(args, "--end"), progress, cancellationToken);
        }

        try
        {
            return await InsightsTemplates.QueryAsync(engine, template, values, Time(args, "--start"), Time(args, "--end"), progress, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, usage: true);
        }
    }

    private static DateTimeOffset? Time(ParsedArgs args, string option) =>
        args.Value(option) is not { } value ? null
        : TimeOption.Parse(value) ?? throw new CliException(TimeOption.NotATime(option, value), usage: true);
}

internal static class QueryOutput
{
    public static int Write(QueryResult result, ParsedArgs args, CliConsole console)
    {
        if (args.Flag("--json"))
        {
            console.WriteJson(QueryViews.Objects(result));
        }
        else
        {
            var table = TextTable.Render(QueryViews.Headers(result), QueryViews.Rows(result));
            console.Out.Write(table.EndsWith('\n') ? table : table + "\n");
        }

        console.Error.WriteLine($"{result.Rows.Count} rows; {result.Scan.Summary}");
        console.ReportProblems(result.Scan.Skipped);
        return 0;
    }
}
