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

    /// <summary>The node root of the usual <c>--root</c> option.</summary>
    public EvidenceRoot Node => NodeRoot("--root");

    /// <summary>The file or folder an evidence option names, as a root and a path in it.</summary>
    public (EvidenceRoot Root, string Path) File(string option) => Evidence.File(Arguments.Required(option));
}
