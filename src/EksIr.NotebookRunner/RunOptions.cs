namespace EksIr.NotebookRunner;

/// <summary>How to run a notebook: parameters (in the order given) and the per-cell time limit.</summary>
public sealed record RunOptions(IReadOnlyList<KeyValuePair<string, string>> Parameters, TimeSpan CellTimeout)
{
    public static RunOptions Default { get; } = new([], TimeSpan.FromMinutes(30));
}
