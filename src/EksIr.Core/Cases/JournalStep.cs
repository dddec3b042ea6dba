namespace EksIr.Core.Cases;

/// <summary>
/// One step of a containment or acquisition plan as the journal keeps it: what it did to what, where it stands
/// (<see cref="Executed"/>, <see cref="DryRunOnly"/>, …), what happened, and how to undo it.
/// </summary>
public sealed record JournalStep(string Action, string Target, string Status, string Outcome, string Rollback)
{
    public const string Executed = "executed";
    public const string DryRunOnly = "dry run only";
    public const string AlreadyInPlace = "already in place";
    public const string ReadOnly = "read only";
    public const string Failed = "failed";
    public const string NotDone = "not done";
}
