using EksIr.Logs.CloudTrail;
using EksIr.Logs.Insights;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Logs;

/// <summary><c>#!connect cloudtrail --kernel-name ct --path DIR</c></summary>
public sealed class ConnectCloudTrail(string connectedKernelName) : ConnectKernelCommand(connectedKernelName)
{
    public string? Path { get; set; }
}

/// <summary><c>#!connect insights --kernel-name audit --path DIR [--log-group G]</c></summary>
public sealed class ConnectInsights(string connectedKernelName) : ConnectKernelCommand(connectedKernelName)
{
    public string? Path { get; set; }

    public string? LogGroup { get; set; }
}

/// <summary>Connects a SQL kernel over the case's CloudTrail export (the folder inside the case evidence).</summary>
public sealed class ConnectCloudTrailDirective : ConnectKernelDirective<ConnectCloudTrail>
{
    private readonly CurrentCase _current;

    public ConnectCloudTrailDirective(CurrentCase current) : base("cloudtrail", "Query CloudTrail with Athena SQL (the cloudtrail table) over an export in the case evidence")
    {
        _current = current;
        Parameters.Add(new KernelDirectiveParameter("--path", "The CloudTrail folder inside the case evidence (AWSLogs/… below it)") { Required = true });
    }

    public override Task<IEnumerable<Microsoft.DotNet.Interactive.Kernel>> ConnectKernelsAsync(ConnectCloudTrail connect, KernelInvocationContext context)
    {
        var session = _current.Require();
        var engine = new CloudTrailLocal(session.Evidence, CaseVerb.EvidencePath(session, connect.Path!));
        var kernel = new CloudTrailKernel(connect.ConnectedKernelName, session, engine);
        kernel.RegisterForDisposal(engine);
        session.Record("connect cloudtrail", JournalOptions.Of(("--kernel-name", connect.ConnectedKernelName), ("--path", connect.Path)), EksIr.Core.Cases.JournalOutcome.Ok, engine.Description);
        KernelInvocationContextExtensions.Display(context, $"#!{connect.ConnectedKernelName}: {engine.Description}; the table is cloudtrail", "text/plain");
        return Task.FromResult<IEnumerable<Microsoft.DotNet.Interactive.Kernel>>([kernel]);
    }
}

/// <summary>Connects a Logs Insights kernel over the case's exported control-plane logs.</summary>
public sealed class ConnectInsightsDirective : ConnectKernelDirective<ConnectInsights>
{
    private readonly CurrentCase _current;

    public ConnectInsightsDirective(CurrentCase current) : base("insights", "Query EKS control-plane logs with Logs Insights over an export in the case evidence")
    {
        _current = current;
        Parameters.Add(new KernelDirectiveParameter("--path", "The folder of exported log events inside the case evidence") { Required = true });
        Parameters.Add(new KernelDirectiveParameter("--log-group", "The log group the events came from (the value of @log)"));
    }

    public override Task<IEnumerable<Microsoft.DotNet.Interactive.Kernel>> ConnectKernelsAsync(ConnectInsights connect, KernelInvocationContext context)
    {
        var session = _current.Require();
        var engine = new InsightsLocal(session.Evidence, CaseVerb.EvidencePath(session, connect.Path!), string.IsNullOrWhiteSpace(connect.LogGroup) ? null : connect.LogGroup);
        var kernel = new InsightsKernel(connect.ConnectedKernelName, session, engine);
        kernel.RegisterForDisposal(engine);
        session.Record("connect insights", JournalOptions.Of(("--kernel-name", connect.ConnectedKernelName), ("--path", connect.Path), ("--log-group", connect.LogGroup)),
            EksIr.Core.Cases.JournalOutcome.Ok, engine.Description + (engine.Problems.Count > 0 ? "; " + string.Join("; ", engine.Problems) : ""));
        KernelInvocationContextExtensions.Display(context, $"#!{connect.ConnectedKernelName}: {engine.Description}" + (engine.Problems.Count > 0 ? $"; {engine.Problems.Count} problems (see each query's warnings)" : ""), "text/plain");
        return Task.FromResult<IEnumerable<Microsoft.DotNet.Interactive.Kernel>>([kernel]);
    }
}
