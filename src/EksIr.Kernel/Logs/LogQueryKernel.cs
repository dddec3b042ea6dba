using EksIr.Core.Cases;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.ValueSharing;

namespace EksIr.Kernel.Logs;

/// <summary>
/// A connected query kernel (<c>#!ct</c>, <c>#!audit</c>): each cell is one query, run by the engine it was connected
/// to, shown as a sortable table with what was read and skipped, journaled in the case with the query text, and kept
/// under <c>--name</c> (default lastResults) for <c>#!share</c>. No query logic here: the engines do it.
/// </summary>
public abstract class LogQueryKernel : Microsoft.DotNet.Interactive.Kernel,
    IKernelCommandHandler<SubmitCode>,
    IKernelCommandHandler<RequestValue>,
    IKernelCommandHandler<RequestValueInfos>
{
    private readonly CaseSession _session;
    private readonly Dictionary<string, List<Dictionary<string, object?>>> _results = new(StringComparer.Ordinal);

    protected LogQueryKernel(string name, string language, CaseSession session, string verb) : base(name)
    {
        _session = session;
        Verb = verb;
        KernelInfo.LanguageName = language;
        KernelSpecifierDirective.Parameters.Add(new KernelDirectiveParameter("--name", "Keep the rows under this name for #!share (default: lastResults)"));
    }

    protected string Verb { get; }

    public abstract string Description { get; }

    protected abstract Task<QueryResult> RunAsync(string code, SubmitCode command, IProgress<string> progress, CancellationToken cancellationToken);

    async Task IKernelCommandHandler<SubmitCode>.HandleAsync(SubmitCode command, KernelInvocationContext context)
    {
        var code = command.Code.Trim();
        if (code.Length == 0)
        {
            return;
        }

        var options = new Dictionary<string, string> { ["--kernel"] = Name, ["query"] = code };
        foreach (var (key, value) in command.Parameters)
        {
            options[key] = value;
        }

        QueryResult result;
        try
        {
            result = await RunAsync(code, command, new ProgressLine(context), context.CancellationToken);
        }
        catch (Exception e) when (EksIr.Verbs.AnalystErrors.Are(e) || e is ArgumentException)
        {
            _session.Record(Verb, options, JournalOutcome.Failed, e.Message);
            context.Fail(command, message: EksIr.Core.Reporting.Secrets.Redact(e.Message));
            return;
        }

        var name = command.Parameters.TryGetValue("--name", out var n) && !string.IsNullOrWhiteSpace(n) ? n : "lastResults";
        _results[name] = QueryViews.Objects(result).ToList();
        _session.Record(Verb, options, JournalOutcome.Ok, $"{Description}: {Core.Reporting.Counted.Of(result.Rows.Count, "row")}; {result.Scan.Summary}");
        context.Display(result, "text/html", "text/plain");
    }

    Task IKernelCommandHandler<RequestValue>.HandleAsync(RequestValue command, KernelInvocationContext context)
    {
        if (_results.TryGetValue(command.Name, out var rows))
        {
            context.Publish(new ValueProduced(rows, command.Name, new FormattedValue(command.MimeType, rows.ToDisplayString(command.MimeType)), command));
        }
        else
        {
            context.Fail(command, message: $"no results named '{command.Name}' in {Name} (name a query's results with #!{Name} --name NAME)");
        }

        return Task.CompletedTask;
    }

    Task IKernelCommandHandler<RequestValueInfos>.HandleAsync(RequestValueInfos command, KernelInvocationContext context)
    {
        var infos = _results.Select(r => new KernelValueInfo(r.Key, FormattedValue.CreateSingleFromObject(r.Value, command.MimeType), typeof(List<Dictionary<string, object?>>))).ToArray();
        context.Publish(new ValueInfosProduced(infos, command));
        return Task.CompletedTask;
    }
}
