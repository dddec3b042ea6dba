using Microsoft.DotNet.Interactive.Documents;

namespace EksIr.NotebookRunner;

/// <summary>The executed notebook and what happened to each code cell.</summary>
public sealed record NotebookRun(InteractiveDocument Document, IReadOnlyList<CellRun> Cells)
{
    public bool Succeeded => Cells.All(c => c.Outcome == CellOutcome.Succeeded);

    public CellRun? FirstFailure => Cells.FirstOrDefault(c => c.Outcome == CellOutcome.Failed);
}
