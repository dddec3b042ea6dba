namespace EksIr.NotebookRunner;

/// <summary>What happened to one code cell: its 1-based number among all cells, outcome, error, time taken.</summary>
public sealed record CellRun(int CellNumber, int ExecutionCount, CellOutcome Outcome, string? Error, TimeSpan Duration);

public enum CellOutcome
{
    Succeeded,
    Failed,
    NotRun,
}

/// <summary>Progress of a run, for stderr: a cell started, or finished.</summary>
public sealed record CellProgress(int CellNumber, int CodeCellIndex, int CodeCellCount, string FirstLine, CellRun? Finished);
