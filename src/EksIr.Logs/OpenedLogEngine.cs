using EksIr.Core.Evidence;

namespace EksIr.Logs;

/// <summary>
/// A log engine opened for the analyst's queries (<see cref="LogEngines"/>): the engine, what it queries (for messages
/// and the journal), what it met opening an export, and what it holds open (its embedded database, the service's
/// client), closed with it.
/// </summary>
public sealed class OpenedLogEngine<TQueries>(TQueries queries, string description, IReadOnlyList<EvidenceProblem> problems, IDisposable holds) : IDisposable
{
    public TQueries Queries { get; } = queries;

    public string Description { get; } = description;

    public IReadOnlyList<EvidenceProblem> Problems { get; } = problems;

    /// <summary>What it holds open, for a front end that closes it with something else (a notebook's connected kernel).</summary>
    public IDisposable Holds { get; } = holds;

    public void Dispose() => Holds.Dispose();
}
