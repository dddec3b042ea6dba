using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>
/// Where a front end finds the evidence an option names: inside the open case (a notebook, or a command line with
/// <c>--journal</c>), or, on a command line without a case, the file or folder given (a node root may be an archive).
/// </summary>
public interface IVerbEvidence
{
    /// <summary>A node's root.</summary>
    EvidenceRoot NodeRoot(string path);

    /// <summary>A file or folder, as an evidence root and a path in it.</summary>
    (EvidenceRoot Root, string Path) File(string path);

    /// <summary>Whether a path on this machine lies inside the evidence (an export is never written there).</summary>
    bool Holds(string hostPath);
}
