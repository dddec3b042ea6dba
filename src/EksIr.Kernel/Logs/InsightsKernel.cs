using EksIr.Core.Cases;
using EksIr.Core.Time;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Logs;

/// <summary>
/// Logs Insights cells over EKS control-plane logs; <c>--start</c>/<c>--end</c> on the cell's first line bound the time.
/// <c>--template NAME --param k=v[,k=v]</c> runs a playbook query by name instead of the cell's text (the cell then
/// holds only a comment line: a cell with nothing under its first line never reaches the kernel).
/// </summary>
public sealed class InsightsKernel : LogQueryKernel
{
    private readonly IInsightsQueries _engine;

    public InsightsKernel(string name, CaseSession session, IInsightsQueries engine) : base(name, "Logs Insights", session, "insights")
    {
        _engine = engine;
        KernelSpecifierDirective.Parameters.Add(new KernelDirectiveParameter("--start", "Only events at or after this UTC time (ISO 8601)"));
        KernelSpecifierDirective.Parameters.Add(new KernelDirectiveParameter("--end", "Only events at or before this UTC time (ISO 8601)"));
        KernelSpecifierDirective.Parameters.Add(new KernelDirectiveParameter("--template", "Run a playbook query by name (exec-commands, who-created-pod, …) instead of the cell's text"));
        KernelSpecifierDirective.Parameters.Add(new KernelDirectiveParameter("--param", "The template's parameters: name=value[,name=value]"));
    }

    public override string Description => _engine.Description;

    protected override Task<QueryResult> RunAsync(string code, SubmitCode command, IProgress<string> progress, CancellationToken cancellationToken)
    {
        if (!command.Parameters.TryGetValue("--template", out var template) || string.IsNullOrWhiteSpace(template))
        {
            return _engine.QueryAsync(code, Time(command, "--start"), Time(command, "--end"), progress, cancellationToken);
        }

        if (code.Split('\n').Any(line => line.Trim() is { Length: > 0 } text && !text.StartsWith('#')))
        {
            throw new ArgumentException("a cell runs either --template NAME or the query written in it, not both");
        }

        var values = (command.Parameters.TryGetValue("--param", out var list) ? list : "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p.Length == 2 ? p[0] : throw new ArgumentException($"--param {p[0]}: give name=value"), p => p[1], StringComparer.OrdinalIgnoreCase);
        return InsightsTemplates.QueryAsync(_engine, template, values, Time(command, "--start"), Time(command, "--end"), progress, cancellationToken);
    }

    private static DateTimeOffset? Time(SubmitCode command, string option) =>
        !command.Parameters.TryGetValue(option, out var value) || string.IsNullOrWhiteSpace(value) ? null
        : TimeOption.Parse(value) ?? throw new ArgumentException(TimeOption.NotATime(option, value));
}
