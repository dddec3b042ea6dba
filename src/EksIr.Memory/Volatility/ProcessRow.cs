namespace EksIr.Memory.Volatility;

/// <summary>
/// One process as a Volatility plugin printed it. Which fields are known depends on the plugin (pslist: comm,
/// uid, start; psaux: args; pstree: depth); <see cref="Line"/> is where it was in the file (1-based).
/// </summary>
public sealed record ProcessRow(int Pid, int? Ppid, string? Comm, string? Args, int? Depth, long? Tid, long? Uid, string? Offset, string? StartTime, long Line);

/// <summary>
/// The processes of one Volatility output file, the format it was recognised as, what could not be read, and notes on
/// what the format itself cannot tell (no parent PIDs: no tree).
/// </summary>
public sealed record ProcessListing(string File, string Format, IReadOnlyList<ProcessRow> Rows, IReadOnlyList<EksIr.Core.Evidence.EvidenceProblem> Problems)
{
    /// <summary>What this kind of output does not hold, said once for the file (not a damaged record).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>True when some row has a parent PID, so a tree can be built from this listing.</summary>
    public bool HasParents => Rows.Any(r => r.Ppid is not null);

    /// <summary>True when the plugin printed full command lines (psaux), which carry the shim's -id.</summary>
    public bool HasArgs => Rows.Any(r => r.Args is not null);
}
