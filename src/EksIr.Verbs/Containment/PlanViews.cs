using EksIr.Core.Plans;
using EksIr.Core.Reporting;

namespace EksIr.Verbs.Containment;

/// <summary>A containment or acquisition plan for a terminal, and as the case journal keeps it.</summary>
public static class PlanViews
{
    /// <summary>The plan's summary, then each step: its outcome, the state before it, how to undo it, and what is (or would be) sent.</summary>
    public static string Text(ActionPlan plan) =>
        plan.Summary + "\n" + string.Concat(plan.Actions.Select(a =>
            TerminalText.Lines($"\n== {a.Action} {a.Target}: {a.Outcome}\nbefore: {a.Before}\nundo: {a.Rollback}\n{a.Detail.TrimEnd()}") + "\n"));

    /// <summary>The journal's summary keeps each step's outcome, the state before it and how to undo it.</summary>
    public static string Journal(ActionPlan plan) =>
        plan.Summary + string.Concat(plan.Actions.Select(a => $" | {a.Action} {a.Target}: {a.Outcome}; before: {a.Before}; undo: {a.Rollback}"));

    /// <summary>The journal's summary of fetched files keeps each file with its outcome and hash.</summary>
    public static string FilesJournal(ActionPlan plan) =>
        plan.Summary + string.Concat(plan.Actions.Select(a => $" | {a.Target}: {a.Outcome}; {a.Detail}; {a.Before}"));

    public const string JsonHelp = "print the plan/result (actions[{action, target, dryRun, detail, before, rollback, outcome}])";
}
