using EksIr.Core.Cases;
using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>
/// One call of a verb, as a front end made it: the options given, the evidence resolved (a node root), the case it
/// runs in (journaled there; none on a command line without <c>--journal</c>), where progress goes, the clock and the
/// cancellation the analyst can trigger. <paramref name="Where"/> is what the front end resolves the evidence from
/// (<c>--root</c> inside the case's evidence), journaled with the options; the evidence itself is resolved when the
/// verb first asks for it, so that a root refused (outside the case's evidence) is a failure journaled like any other.
/// </summary>
public sealed record VerbCall(
    VerbArguments Arguments,
    Func<EvidenceRoot>? ResolveNodeRoot,
    CaseSession? Case,
    IReadOnlyDictionary<string, string> Where,
    IProgress<string> Progress,
    TimeProvider Clock,
    CancellationToken Cancellation)
{
    private EvidenceRoot? _node;

    /// <summary>The node root the verb reads.</summary>
    public EvidenceRoot Node => _node ??= (ResolveNodeRoot ?? throw new InvalidOperationException("this verb was called without a node root"))();

    /// <summary>The node root when the verb has one and it was resolved (for refusing to write inside it).</summary>
    public EvidenceRoot? NodeIfResolved => _node;

    /// <summary>The options for the journal: where the evidence was resolved from, then the options as given.</summary>
    public Dictionary<string, string> ForJournal()
    {
        var options = new Dictionary<string, string>(Where, StringComparer.Ordinal);
        foreach (var (name, value) in Arguments.ForJournal())
        {
            options[name] = value;
        }

        return options;
    }
}
