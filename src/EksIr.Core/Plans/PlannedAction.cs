namespace EksIr.Core.Plans;

/// <summary>
/// One step of a containment or acquisition plan: what it does, to what, whether it was only planned (dry run), what was sent or
/// would be sent (the patch, the NetworkPolicy YAML), the state before it, how to undo it, and what happened.
/// </summary>
public sealed record PlannedAction(string Action, string Target, bool DryRun, string Detail, string Before, string Rollback, string Outcome)
{
    /// <summary>The outcome of a step that was only planned: a dry run applies nothing.</summary>
    public const string Planned = "planned (dry run)";

    /// <summary>The outcome of a step whose change was already there: not repeated.</summary>
    public const string AlreadyInPlace = "already in place";

    /// <summary>The outcome of every step after one that failed.</summary>
    public const string NotDoneAfterFailure = "not done (an earlier step failed)";

    /// <summary>Whether the step failed (its outcome says why, after "failed").</summary>
    public bool Failed => Outcome.StartsWith("failed", StringComparison.Ordinal);
}

/// <summary>A plan's steps in order (containment, acquisition), and whether it acted.</summary>
public sealed record ActionPlan(string Subject, bool Executed, IReadOnlyList<PlannedAction> Actions)
{
    /// <summary>A step failed: the plan stopped there (the steps after it say "not done").</summary>
    public bool Failed => Actions.Any(a => a.Failed);

    public string Summary =>
        $"{(Executed ? "acted on" : "dry run for")} {Subject}: " +
        string.Join(", ", Actions.GroupBy(a => a.Outcome).Select(g => $"{g.Count()} {g.Key}"));
}
