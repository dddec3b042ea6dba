using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>
/// The evidence of a call made in no case by a verb that names none through its options (<c>case open</c>, whose
/// evidence folder is the case it makes): asked for some, the declaration is wrong.
/// </summary>
public sealed class NoEvidence : IVerbEvidence
{
    public EvidenceRoot NodeRoot(string path) => throw Wrong(path);

    public (EvidenceRoot Root, string Path) File(string path) => throw Wrong(path);

    public bool Holds(string hostPath) => false;

    private static InvalidOperationException Wrong(string path) =>
        new($"{path}: a verb that runs in no case declares no evidence option");
}
