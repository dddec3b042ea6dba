using EksIr.Core.Cases;

namespace EksIr.Verbs;

/// <summary>
/// Runs a verb for any front end: the engine call, then the case journal (when the call runs in a case) with the
/// options, the evidence files read and the outcome — a failure the analyst can act on journaled too, then passed on.
/// </summary>
public static class VerbRunner
{
    public static VerbOutcome Run(VerbDeclaration verb, VerbCall call)
    {
        VerbOutcome outcome;
        try
        {
            call.Cancellation.ThrowIfCancellationRequested();
            outcome = verb.Run(call);
        }
        catch (Exception e) when (AnalystErrors.Are(e))
        {
            call.Case?.Record(verb.Name, call.Arguments.ForJournal(), JournalOutcome.Failed, e.Message);
            throw;
        }

        call.Case?.Record(verb.Name, call.Arguments.ForJournal(), outcome.Failed ? JournalOutcome.Failed : JournalOutcome.Ok, outcome.Summary);
        return outcome;
    }
}
