using EksIr.Core.Cases;
using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>The evidence of an open case: every path an option names lies inside the case's evidence folder (relative to it, or absolute inside it).</summary>
public sealed class CaseEvidence(CaseSession session) : IVerbEvidence
{
    public EvidenceRoot NodeRoot(string path) =>
        string.IsNullOrEmpty(path) || path == "." ? session.Evidence : session.Evidence.Subroot(Relative(session, path));

    public (EvidenceRoot Root, string Path) File(string path) => (session.Evidence, Relative(session, path));

    public bool Holds(string hostPath) => PathContainment.IsInside(session.Evidence.FullPath, hostPath);

    /// <summary>A path given to a verb, as a path inside the case's evidence (an absolute path must lie inside it).</summary>
    public static string Relative(CaseSession session, string path)
    {
        if (!Path.IsPathRooted(path))
        {
            return path;
        }

        return PathContainment.RelativeInside(session.Evidence.FullPath, path)
            ?? throw new CaseException($"{path}: outside the case's evidence folder {session.Evidence.FullPath}; open a case over it first");
    }
}
