using EksIr.Core.Cases;
using EksIr.Verbs.Cases;

namespace EksIr.Verbs;

/// <summary>
/// Runs a verb for any front end: the engine call, then the case journal (when the call runs in a case) with the
/// options, the evidence files read and the outcome — a failure the analyst can act on, or a stop the analyst asked
/// for, journaled too (with what was read until then), then passed on. A verb that is not journaled (one that only
/// reads the journal back) records nothing.
/// </summary>
public static class VerbRunner
{
    public static async Task<VerbOutcome> RunAsync(VerbDeclaration verb, VerbCall call)
    {
        var journal = verb.Journaled ? call.Case : null;
        VerbOutcome outcome;
        IReadOnlyList<string> fromCase = [];
        try
        {
            call.Cancellation.ThrowIfCancellationRequested();
            CaseConfirmation.Check(verb, call);
            TimeWindowCheck.Check(verb, call.Arguments);
            (call, fromCase) = CaseDefaults.Fill(verb, call);
            outcome = await verb.RunAsync(call).ConfigureAwait(false);
        }
        catch (Exception e) when (AnalystErrors.Are(e))
        {
            journal?.Record(verb.Name, call.Arguments.ForJournal(), JournalOutcome.Failed, e.Message);
            throw;
        }
        catch (OperationCanceledException) when (call.Cancellation.IsCancellationRequested)
        {
            journal?.Record(verb.Name, call.Arguments.ForJournal(), JournalOutcome.Failed, Cancelled);
            throw;
        }

        // A plan's steps are journaled one by one, so that the report can say which were executed, only planned, or failed.
        journal?.Record(verb.Name, call.Arguments.ForJournal(), outcome.Failed ? JournalOutcome.Failed : JournalOutcome.Ok, outcome.Summary, PlanJournal.Steps(outcome.Result));
        var confirmed = outcome.Failed ? [] : CaseConfirmation.Record(verb, call, outcome.Result, outcome.Summary);
        return outcome with { CaseNotes = [.. fromCase, .. confirmed] };
    }

    /// <summary>What is journaled, and said, when the analyst stopped a verb before it finished.</summary>
    public const string Cancelled = "stopped by the analyst before it finished; its result is incomplete and was not shown";
}
