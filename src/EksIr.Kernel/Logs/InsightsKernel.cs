using EksIr.Core.Cases;
using EksIr.Core.Time;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Logs;

/// <summary>Logs Insights cells over EKS control-plane logs; <c>--start</c>/<c>--end</c> on the cell's first line bound the time.</summary>
public sealed class InsightsKernel : LogQueryKernel
{
    private readonly IInsightsQueries _engine;

    public InsightsKernel(string name, CaseSession session, IInsightsQueries engine) : base(name, "Logs Insights", session, "insights")
    {
        _engine = engine;
        KernelSpecifierDirective.Parameters.Add(new KernelDirectiveParameter("--start", "Only events at or after this UTC time (ISO 8601)"));
        KernelSpecifierDirective.Parameters.Add(new KernelDirectiveParameter("--end", "Only events at or before this UTC time (ISO 8601)"));
    }

    public override string Description => _engine.Description;

    protected override Task<QueryResult> RunAsync(string code, SubmitCode command, IProgress<string> progress, CancellationToken cancellationToken) =>
        _engine.QueryAsync(code, Time(command, "--start"), Time(command, "--end"), progress, cancellationToken);

    private static DateTimeOffset? Time(SubmitCode command, string option) =>
        !command.Parameters.TryGetValue(option, out var value) || string.IsNullOrWhiteSpace(value) ? null
        : TimeOption.Parse(value) ?? throw new ArgumentException(TimeOption.NotATime(option, value));
}
