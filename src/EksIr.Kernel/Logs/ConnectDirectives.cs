using EksIr.Core.Reporting;
using EksIr.Logs;
using EksIr.Logs.Sql;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Logs;

/// <summary><c>#!connect cloudtrail --kernel-name ct --path DIR [--allow-external-access]</c></summary>
public class ConnectCloudTrail(string connectedKernelName) : ConnectKernelCommand(connectedKernelName)
{
    public string? Path { get; set; }

    public bool AllowExternalAccess { get; set; }
}

/// <summary><c>#!connect insights --kernel-name audit (--path DIR [--allow-external-access] | --log-group G [--region R] [--profile P])</c></summary>
public class ConnectInsights(string connectedKernelName) : ConnectKernelCommand(connectedKernelName)
{
    public string? Path { get; set; }

    public bool AllowExternalAccess { get; set; }

    public string? LogGroup { get; set; }

    public string? Region { get; set; }

    public string? Profile { get; set; }

    public string? EndpointUrl { get; set; }
}

/// <summary><c>#!connect athena --kernel-name ct --database D [--workgroup W] [--output-location S3URI] [--region R] [--profile P]</c></summary>
public class ConnectAthena(string connectedKernelName) : ConnectKernelCommand(connectedKernelName)
{
    public string? Database { get; set; }

    public string? Workgroup { get; set; }

    public string? OutputLocation { get; set; }

    public string? Region { get; set; }

    public string? Profile { get; set; }

    public string? EndpointUrl { get; set; }
}

/// <summary>Connects a SQL kernel to live Athena: the same CloudTrail SQL as on local exports.</summary>
public sealed class ConnectAthenaDirective : ConnectKernelDirective<ConnectAthena>
{
    private readonly CurrentCase _current;
    private readonly TimeProvider _clock;

    public ConnectAthenaDirective(CurrentCase current, TimeProvider clock) : base("athena", "Query CloudTrail with live Athena (the same SQL as #!connect cloudtrail)")
    {
        (_current, _clock) = (current, clock);
        Parameters.Add(new KernelDirectiveParameter("--database", "The Athena database holding the cloudtrail table") { Required = true });
        Parameters.Add(new KernelDirectiveParameter("--workgroup", "The Athena workgroup (default: primary)"));
        Parameters.Add(new KernelDirectiveParameter("--output-location", "S3 URI for query results (default: the workgroup's)"));
        AwsParameters.Add(this);
    }

    public override Task<IEnumerable<Microsoft.DotNet.Interactive.Kernel>> ConnectKernelsAsync(ConnectAthena connect, KernelInvocationContext context)
    {
        var session = _current.Require();
        var connection = EksIr.Verbs.AwsOptions.Connection(connect.Region, connect.Profile, connect.EndpointUrl);
        var engine = LogEngines.Athena(connection, connect.Database!, _clock, connect.Workgroup, connect.OutputLocation);
        var kernel = new CloudTrailKernel(connect.ConnectedKernelName, session, engine.Queries);
        kernel.RegisterForDisposal(engine);
        session.Record("connect athena", JournalOptions.Of(("--kernel-name", connect.ConnectedKernelName), ("--database", connect.Database), ("--workgroup", connect.Workgroup),
            ("--region", connect.Region), ("--profile", connect.Profile), ("--endpoint-url", connect.EndpointUrl)), EksIr.Core.Cases.JournalOutcome.Ok, engine.Description + " via " + connection.Description);
        KernelInvocationContextExtensions.Display(context, Secrets.Redact($"#!{connect.ConnectedKernelName}: {engine.Description}, {connection.Description}"), "text/plain");
        return Task.FromResult<IEnumerable<Microsoft.DotNet.Interactive.Kernel>>([kernel]);
    }
}

/// <summary>Connects a SQL kernel over the case's CloudTrail export (the folder inside the case evidence).</summary>
public sealed class ConnectCloudTrailDirective : ConnectKernelDirective<ConnectCloudTrail>
{
    private readonly CurrentCase _current;

    public ConnectCloudTrailDirective(CurrentCase current) : base("cloudtrail", "Query CloudTrail with Athena SQL (the cloudtrail table) over an export in the case evidence")
    {
        _current = current;
        Parameters.Add(new KernelDirectiveParameter("--path", "The CloudTrail folder inside the case evidence (AWSLogs/… below it)") { Required = true });
        Parameters.Add(LocalEngineAccess.Parameter());
    }

    public override Task<IEnumerable<Microsoft.DotNet.Interactive.Kernel>> ConnectKernelsAsync(ConnectCloudTrail connect, KernelInvocationContext context)
    {
        var session = _current.Require();
        var engine = LogEngines.CloudTrail(session.Evidence, EksIr.Verbs.CaseEvidence.Relative(session, connect.Path!), LocalEngineAccess.Options(session, connect.AllowExternalAccess));
        var kernel = new CloudTrailKernel(connect.ConnectedKernelName, session, engine.Queries);
        kernel.RegisterForDisposal(engine);
        session.Record("connect cloudtrail", JournalOptions.Of(("--kernel-name", connect.ConnectedKernelName), ("--path", connect.Path),
            (LogEngineOptions.AllowExternalAccessOption, connect.AllowExternalAccess ? "true" : null)), EksIr.Core.Cases.JournalOutcome.Ok, engine.Description);
        KernelInvocationContextExtensions.Display(context, Secrets.Redact($"#!{connect.ConnectedKernelName}: {engine.Description}; the table is cloudtrail"), "text/plain");
        return Task.FromResult<IEnumerable<Microsoft.DotNet.Interactive.Kernel>>([kernel]);
    }
}

/// <summary>Connects a Logs Insights kernel over the case's exported control-plane logs.</summary>
public sealed class ConnectInsightsDirective : ConnectKernelDirective<ConnectInsights>
{
    private readonly CurrentCase _current;
    private readonly TimeProvider _clock;

    public ConnectInsightsDirective(CurrentCase current, TimeProvider clock) : base("insights", "Query EKS control-plane logs with Logs Insights: an export in the case evidence, or the live log group")
    {
        (_current, _clock) = (current, clock);
        Parameters.Add(new KernelDirectiveParameter("--path", "The folder of exported log events inside the case evidence (empty: the live --log-group)"));
        Parameters.Add(new KernelDirectiveParameter("--log-group", "The live log group, /aws/eks/CLUSTER/cluster (with --path: the value of @log)"));
        Parameters.Add(LocalEngineAccess.Parameter());
        AwsParameters.Add(this);
    }

    public override Task<IEnumerable<Microsoft.DotNet.Interactive.Kernel>> ConnectKernelsAsync(ConnectInsights connect, KernelInvocationContext context)
    {
        var session = _current.Require();
        if (string.IsNullOrWhiteSpace(connect.Path))
        {
            if (string.IsNullOrWhiteSpace(connect.LogGroup))
            {
                throw new ArgumentException("an insights kernel needs --path DIR (an export in the evidence) or --log-group G (the live log group)");
            }

            var connection = EksIr.Verbs.AwsOptions.Connection(connect.Region, connect.Profile, connect.EndpointUrl);
            var live = LogEngines.LogGroup(connection, connect.LogGroup, _clock);
            var liveKernel = new InsightsKernel(connect.ConnectedKernelName, session, live.Queries);
            liveKernel.RegisterForDisposal(live);
            session.Record("connect insights", JournalOptions.Of(("--kernel-name", connect.ConnectedKernelName), ("--log-group", connect.LogGroup), ("--region", connect.Region),
                ("--profile", connect.Profile), ("--endpoint-url", connect.EndpointUrl)), EksIr.Core.Cases.JournalOutcome.Ok, live.Description + " via " + connection.Description);
            KernelInvocationContextExtensions.Display(context, Secrets.Redact($"#!{connect.ConnectedKernelName}: {live.Description}, {connection.Description}"), "text/plain");
            return Task.FromResult<IEnumerable<Microsoft.DotNet.Interactive.Kernel>>([liveKernel]);
        }

        var engine = LogEngines.ExportedLogs(session.Evidence, EksIr.Verbs.CaseEvidence.Relative(session, connect.Path!), connect.LogGroup,
            LocalEngineAccess.Options(session, connect.AllowExternalAccess), _clock);
        var kernel = new InsightsKernel(connect.ConnectedKernelName, session, engine.Queries);
        kernel.RegisterForDisposal(engine);
        session.Record("connect insights", JournalOptions.Of(("--kernel-name", connect.ConnectedKernelName), ("--path", connect.Path), ("--log-group", connect.LogGroup),
            (LogEngineOptions.AllowExternalAccessOption, connect.AllowExternalAccess ? "true" : null)),
            EksIr.Core.Cases.JournalOutcome.Ok, engine.Description + (engine.Problems.Count > 0 ? "; " + string.Join("; ", engine.Problems) : ""));
        KernelInvocationContextExtensions.Display(context, Secrets.Redact($"#!{connect.ConnectedKernelName}: {engine.Description}" + (engine.Problems.Count > 0 ? $"; {Counted.Of(engine.Problems.Count, "problem")} (see each query's warnings)" : "")), "text/plain");
        return Task.FromResult<IEnumerable<Microsoft.DotNet.Interactive.Kernel>>([kernel]);
    }
}

/// <summary>The local engines' access switch as a <c>#!connect</c> option, and the options it makes for a case.</summary>
internal static class LocalEngineAccess
{
    public static KernelDirectiveParameter Parameter() =>
        new(LogEngineOptions.AllowExternalAccessOption, "Let this kernel's SQL read and write files outside the case folder (the evidence too) and load extensions") { Flag = true };

    /// <summary>Locked down but for the case folder, unless the analyst lifts it.</summary>
    public static LogEngineOptions Options(EksIr.Core.Cases.CaseSession session, bool allowExternalAccess) => new(allowExternalAccess, session.CaseDirectory);
}
