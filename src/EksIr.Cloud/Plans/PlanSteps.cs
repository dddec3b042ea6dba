using EksIr.Core.Plans;

namespace EksIr.Cloud.Plans;

/// <summary>
/// Runs a plan's steps in order with the same rules for every verb: a step already in place is reported and not
/// repeated; without execute nothing is applied; once a step fails, the rest are reported as not done, so a plan
/// that breaks halfway says exactly what was done and what was not.
/// </summary>
public sealed class PlanSteps(bool execute)
{
    private readonly List<PlannedAction> _actions = [];

    public bool Execute => execute;

    public bool Failed { get; private set; }

    public IReadOnlyList<PlannedAction> Actions => _actions;

    /// <summary>One step. <paramref name="apply"/> runs only with execute and when not already in place; it may return a fuller
    /// detail (ids it created) to replace <paramref name="detail"/>.</summary>
    public Task StepAsync(string action, string target, bool alreadyDone, string detail, string before, string rollback, Func<Task<string?>> apply) =>
        CreatingStepAsync(action, target, alreadyDone, detail, before, rollback, async () => (await apply().ConfigureAwait(false), (string?)null));

    /// <summary>A step that creates what its undo names: <paramref name="apply"/> may return, besides a fuller detail, the exact
    /// undo line once the id it created is known (the planned <paramref name="rollback"/> can only describe it).</summary>
    public async Task CreatingStepAsync(string action, string target, bool alreadyDone, string detail, string before, string rollback,
        Func<Task<(string? Detail, string? Rollback)>> apply)
    {
        if (Failed)
        {
            _actions.Add(new PlannedAction(action, target, !execute, detail, before, rollback, PlannedAction.NotDoneAfterFailure));
            return;
        }

        if (alreadyDone)
        {
            _actions.Add(new PlannedAction(action, target, !execute, detail, before, rollback, PlannedAction.AlreadyInPlace));
            return;
        }

        if (!execute)
        {
            _actions.Add(new PlannedAction(action, target, true, detail, before, rollback, PlannedAction.Planned));
            return;
        }

        try
        {
            var done = await apply().ConfigureAwait(false);
            _actions.Add(new PlannedAction(action, target, false, done.Detail ?? detail, before, done.Rollback ?? rollback, "done"));
        }
        catch (Exception e) when (e is EksIr.Cloud.Aws.AwsActionException or EksIr.Cloud.Kubernetes.ClusterException or IOException)
        {
            Failed = true;
            _actions.Add(new PlannedAction(action, target, false, detail, before, rollback, $"failed: {e.Message}"));
        }
    }

    public Task StepAsync(string action, string target, bool alreadyDone, string detail, string before, string rollback, Func<Task> apply) =>
        StepAsync(action, target, alreadyDone, detail, before, rollback, async () =>
        {
            await apply().ConfigureAwait(false);
            return (string?)null;
        });

    /// <summary>A step that only reads or reports (nothing to undo), recorded as done in both modes.</summary>
    public void Note(string action, string target, string detail, string outcome = "done") =>
        _actions.Add(new PlannedAction(action, target, !execute, detail, "—", "none needed (read-only)", Failed ? PlannedAction.NotDoneAfterFailure : outcome));

    public ActionPlan Plan(string subject) => new(subject, execute, _actions);
}
