using EksIr.Core.Cases;
using EksIr.Core.Plans;
using EksIr.Cloud.Plans;
using EksIr.Verbs;

namespace EksIr.Kernel.Tests.Verbs;

/// <summary>Where each step of a plan stands in the journal, from what the plan's runner did with it.</summary>
public sealed class PlanJournalTests
{
    [Fact]
    public async Task Executed_failed_and_the_steps_after_a_failure_are_told_apart_from_planned_already_in_place_and_read_only()
    {
        var executed = new PlanSteps(execute: true);
        await executed.StepAsync("tag", "i-1", alreadyDone: false, "tag it", "untagged", "untag", () => Task.CompletedTask);
        await executed.StepAsync("protect", "i-1", alreadyDone: true, "protect it", "protected", "unprotect", () => Task.CompletedTask);
        await executed.StepAsync("isolate", "i-1", alreadyDone: false, "isolate it", "open", "restore", () => throw new IOException("refused"));
        await executed.StepAsync("snapshot", "vol-1", alreadyDone: false, "snapshot it", "none", "delete snapshot", () => Task.CompletedTask);
        var dryRun = new PlanSteps(execute: false);
        dryRun.Note("describe", "i-1", "read the instance");
        await dryRun.StepAsync("tag", "i-1", alreadyDone: false, "tag it", "untagged", "untag", () => throw new InvalidOperationException("a dry run applies nothing"));

        var steps = PlanJournal.Steps(executed.Plan("i-1"))!;
        var planned = PlanJournal.Steps(dryRun.Plan("i-1"))!;

        Assert.Equal([JournalStep.Executed, JournalStep.AlreadyInPlace, JournalStep.Failed, JournalStep.NotDone], steps.Select(s => s.Status));
        Assert.Equal("failed: refused", steps[2].Outcome);
        Assert.Equal(("restore", "i-1"), (steps[2].Rollback, steps[2].Target));
        Assert.Equal([JournalStep.ReadOnly, JournalStep.DryRunOnly], planned.Select(s => s.Status));
        Assert.Null(PlanJournal.Steps("not a plan"));
    }
}
