using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>
/// What a cluster or an AWS account answered — live, or a snapshot of it taken earlier (<c>--snapshot</c>) — with the
/// records of the snapshot that could not be read (none live): the answer is shown with them, never without.
/// </summary>
public sealed record SourceAnswer<T>(T Answer, IReadOnlyList<EvidenceProblem> Problems)
{
    /// <summary>The answer with the snapshot's problems; a failure the analyst can act on says them too (a record skipped may be why).</summary>
    public static async Task<SourceAnswer<T>> AskAsync(IReadOnlyList<EvidenceProblem> problems, Func<Task<T>> ask)
    {
        try
        {
            return new SourceAnswer<T>(await ask().ConfigureAwait(false), problems);
        }
        catch (Exception e) when (problems.Count > 0 && AnalystErrors.Are(e))
        {
            throw new SnapshotProblemsException(e, problems);
        }
    }
}
