using EksIr.Core.Cases;
using EksIr.Core.Plans;

namespace EksIr.Verbs;

/// <summary>A plan's steps as the journal keeps them, each with where it stands, so that the report can say which were executed, only planned, or failed.</summary>
public static class PlanJournal
{
    public static IReadOnlyList<JournalStep>? Steps(object result) => result switch
    {
        ActionPlan plan => [.. plan.Actions.Select(Step)],
        SourceAnswer<ActionPlan> answer => [.. answer.Answer.Actions.Select(Step)], // a plan asked of a cluster or account snapshot
        _ => null,
    };

    private static JournalStep Step(PlannedAction step) => new(step.Action, step.Target, Status(step), step.Outcome, step.Rollback);

    private static string Status(PlannedAction step) => step.Outcome switch
    {
        _ when step.Failed => JournalStep.Failed,
        PlannedAction.NotDoneAfterFailure => JournalStep.NotDone,
        PlannedAction.AlreadyInPlace => JournalStep.AlreadyInPlace,
        PlannedAction.Planned => JournalStep.DryRunOnly,
        _ when step.DryRun => JournalStep.ReadOnly, // a step that only reads runs in a dry run too
        _ => JournalStep.Executed,
    };
}
