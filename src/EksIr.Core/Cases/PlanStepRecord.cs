namespace EksIr.Core.Cases;

/// <summary>
/// A plan step as the case's journal tells it, with where it stands now: its own status, or — for a step that was
/// executed (or found in place) — undone, when a later run of the same plan found it not in place any more.
/// </summary>
public sealed record PlanStepRecord(DateTimeOffset Time, string Analyst, string Verb, JournalStep Step, string Status)
{
    /// <summary>The status of a step a later run found no longer in place.</summary>
    public const string Undone = "undone";

    /// <summary>Every plan step in the journal, oldest first, each with its status now.</summary>
    public static IReadOnlyList<PlanStepRecord> FromJournal(IReadOnlyList<JournalEntry> entries)
    {
        var records = entries.Where(e => e.Steps is not null)
            .SelectMany(e => e.Steps!.Select(s => new PlanStepRecord(e.Time, e.Analyst, e.Verb, s, s.Status)))
            .ToList();
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Status is not (JournalStep.Executed or JournalStep.AlreadyInPlace))
            {
                continue;
            }

            // The same step of the same plan, next time it was looked at: planned again (dry run) or done again means the
            // state it set was not there any more — someone ran its undo, or something reverted it.
            var later = records.Skip(i + 1).FirstOrDefault(r => r.Verb == records[i].Verb && r.Step.Action == records[i].Step.Action && r.Step.Target == records[i].Step.Target
                                                                && r.Step.Status is not (JournalStep.NotDone or JournalStep.Failed or JournalStep.ReadOnly));
            if (later is not null && later.Step.Status is JournalStep.DryRunOnly or JournalStep.Executed)
            {
                records[i] = records[i] with { Status = $"{Undone}: not in place when checked at {EksIr.Core.Time.Rfc3339.Format(later.Time)}" };
            }
        }

        return records;
    }
}
