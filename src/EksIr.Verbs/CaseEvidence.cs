using EksIr.Core.Cases;
using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>Where a verb's evidence lies inside a case: a node root or a path, never outside the case's evidence folder.</summary>
public static class CaseEvidence
{
    /// <summary>The node root a verb works on: <paramref name="root"/> inside the case's evidence (default: the evidence root itself).</summary>
    public static EvidenceRoot NodeRoot(CaseSession session, string? root) =>
        string.IsNullOrEmpty(root) || root == "." ? session.Evidence : session.Evidence.Subroot(Relative(session, root));

    /// <summary>A file or folder given to a verb, as a path inside the case's evidence (an absolute path must lie inside it).</summary>
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
