using EksIr.Core.Cases;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel;

/// <summary>
/// Runs an evidence verb inside the open case: one engine call, journaled with its options and every evidence
/// file it read (ok or failed), then displayed through the registered formatters. Analyst-facing errors are one
/// clear line; anything else is a bug and keeps its stack trace.
/// </summary>
public static class CaseVerb
{
    public static Func<T, KernelInvocationContext, Task> Handler<T>(
        CurrentCase current,
        string verb,
        Func<T, Dictionary<string, string>> options,
        Func<T, CaseSession, object> engine,
        Func<object, string> summary)
        where T : KernelCommand =>
        Handler<T>(current, verb, options, (command, session, _) => engine(command, session), summary);

    /// <summary>A verb that reports progress on long work (snapshots, SSM commands): one line, updated in place in the cell's output.</summary>
    public static Func<T, KernelInvocationContext, Task> Handler<T>(
        CurrentCase current,
        string verb,
        Func<T, Dictionary<string, string>> options,
        Func<T, CaseSession, IProgress<string>, object> engine,
        Func<object, string> summary)
        where T : KernelCommand =>
        (command, context) =>
        {
            if (current.Session is not { } session)
            {
                context.Fail(command, message: $"no case is open: run  #!case open --name INC-… --evidence DIR  before #!{verb}");
                return Task.CompletedTask;
            }

            object result;
            var progress = new ProgressLine(context);
            try
            {
                result = engine(command, session, progress);
            }
            catch (Exception e) when (EksIr.Verbs.AnalystErrors.Are(e))
            {
                session.Record(verb, options(command), JournalOutcome.Failed, e.Message);
                context.Fail(command, message: Core.Reporting.Secrets.Redact(e.Message));
                return Task.CompletedTask;
            }

            progress.Done();
            var failed = result is Core.Plans.ActionPlan { Failed: true };
            session.Record(verb, options(command), failed ? JournalOutcome.Failed : JournalOutcome.Ok, summary(result),
                EksIr.Verbs.PlanJournal.Steps(result));
            context.Display(result, "text/html", "text/plain");
            if (failed)
            {
                context.Fail(command, message: $"#!{verb}: a step failed; the plan above says what was done and what was not");
            }

            return Task.CompletedTask;
        };
}

/// <summary>Progress as one line in the cell's output, replaced by each report.</summary>
internal sealed class ProgressLine(KernelInvocationContext context) : IProgress<string>
{
    private Microsoft.DotNet.Interactive.Formatting.DisplayedValue? _shown;

    public void Report(string value)
    {
        if (_shown is null)
        {
            _shown = KernelInvocationContextExtensions.Display(context, Core.Reporting.Secrets.Redact(value), "text/plain");
        }
        else
        {
            _shown.Update(Core.Reporting.Secrets.Redact(value));
        }
    }

    /// <summary>The work is done and its result follows: the progress line is emptied, not left above the result.</summary>
    public void Done() => _shown?.Update("");
}
