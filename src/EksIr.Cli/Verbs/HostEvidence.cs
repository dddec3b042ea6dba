using EksIr.Core.Evidence;
using EksIr.Verbs;

namespace EksIr.Cli.Verbs;

/// <summary>The evidence a command line names when it runs in no case: the folder or archive given is the node root; a file's folder is its root.</summary>
internal sealed class HostEvidence(ScratchSpace scratch) : IVerbEvidence
{
    private readonly List<string> _opened = [];

    public EvidenceRoot NodeRoot(string path)
    {
        var root = EvidenceRoot.Open(path, scratch: scratch);
        _opened.Add(root.FullPath);
        return root;
    }

    public (EvidenceRoot Root, string Path) File(string path)
    {
        var located = EvidenceFile.Locate(path);
        _opened.Add(located.Root.FullPath);
        return located;
    }

    public bool Holds(string hostPath) => _opened.Any(root => PathContainment.IsInside(root, hostPath));
}
