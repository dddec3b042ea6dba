using EksIr.Core.Cases;
using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>
/// One call of a verb, as a front end made it: the options given, where their evidence is found, the case it runs in
/// (journaled there; none on a command line without <c>--journal</c>), where progress goes, the clock and the
/// cancellation the analyst can trigger. Evidence is resolved when the verb asks for it, so that a path refused
/// (outside the case's evidence) is a failure journaled like any other.
/// </summary>
public sealed record VerbCall(
    VerbArguments Arguments,
    IVerbEvidence Evidence,
    CaseSession? Case,
    IProgress<string> Progress,
    TimeProvider Clock,
    CancellationToken Cancellation)
{
    /// <summary>A command line's standard output, for a verb that writes its result itself (<see cref="VerbDeclaration.WritesOutput"/>); null in a notebook, which shows the result.</summary>
    public VerbOutput? Output { get; init; }

    /// <summary>The node root an evidence option names (its default when not given).</summary>
    public EvidenceRoot NodeRoot(string option) => Evidence.NodeRoot(Arguments.Required(option));

    /// <summary>
    /// The node root of the usual <c>--root</c> option; when that is an incident's evidence (a <c>node/</c> folder and no
    /// var/lib/containerd or var/lib/docker of its own), or <c>--node</c> names one, the node disk under node/ that
    /// <c>--node</c> names, else the only one (<see cref="NodeDisks"/>) — said in <see cref="NodeRead"/>.
    /// </summary>
    public EvidenceRoot Node
    {
        get
        {
            var root = NodeRoot("--root");
            var named = Arguments.Declares("--node") ? Arguments.Value("--node") : null;
            if (named is null && (root.DirectoryExists("var/lib/containerd") || root.DirectoryExists("var/lib/docker") || !root.DirectoryExists(NodeDisks.Folder)))
            {
                return root;
            }

            if (NodeDisks.Pick(root, named) is not { } picked)
            {
                return root;
            }

            NodeRead.Path = picked;
            return root.Subroot(picked);
        }
    }

    /// <summary>The node disk the call read when it was chosen under node/ (by <c>--node</c>, or as the only one), for the front ends to say.</summary>
    public NodeChoice NodeRead { get; init; } = new();

    /// <summary>The file or folder an evidence option names, as a root and a path in it.</summary>
    public (EvidenceRoot Root, string Path) File(string option) => Evidence.File(Arguments.Required(option));
}
