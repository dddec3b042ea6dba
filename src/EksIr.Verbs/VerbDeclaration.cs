namespace EksIr.Verbs;

/// <summary>
/// A verb, declared once for every front end: its name (the cell's <c>#!name</c>, the command line's <c>eksir name</c>),
/// what it does and its options (the evidence it works on among them). <see cref="RunAsync"/> is its one engine call; the text and JSON
/// it prints on a command line come from its renderers (a notebook shows the result through its formatters).
/// </summary>
public abstract class VerbDeclaration(string name, string summary, IReadOnlyList<VerbOption> options)
{
    public string Name { get; } = name;

    public string Summary { get; } = summary;

    public IReadOnlyList<VerbOption> Options { get; } = options;

    /// <summary>The declared option of that name; an unknown one is the analyst's mistake, said with the verb's options.</summary>
    public VerbOption Option(string name) =>
        Options.FirstOrDefault(o => o.Name == name)
        ?? throw new VerbUsageException($"{Name}: no option {name}; it takes {(Options.Count == 0 ? "no options" : string.Join(", ", Options.Select(o => o.Name)))}");

    /// <summary>The engine call; it stops (<see cref="OperationCanceledException"/>) when the call's cancellation is triggered.</summary>
    public abstract Task<VerbOutcome> RunAsync(VerbCall call);

    /// <summary>The result as text for a terminal.</summary>
    public abstract string Text(object result, VerbCall call);

    /// <summary>The result as the value printed as JSON (<c>--json</c>).</summary>
    public abstract object Json(object result);

    /// <summary>
    /// Whether, on a command line, the verb writes its result to the call's <see cref="VerbCall.Output"/> itself (a
    /// file's bytes, a streamed log) instead of its renderers printing it; decided from the options and <c>--json</c>.
    /// </summary>
    public virtual bool WritesOutput(VerbArguments arguments, bool json) => false;

    /// <summary>
    /// Whether the verb opens a case rather than running in one (<c>case open</c>): it needs none, is journaled by the
    /// opening itself, and its result is an <see cref="Cases.OpenedCase"/>, which a notebook keeps as its current case;
    /// its own options say where the journal goes (a command line adds no <c>--journal</c> of its own).
    /// </summary>
    public bool OpensCase { get; init; }

    /// <summary>
    /// Why the verb runs only in a case (a finding is recorded in one; a status is read from its journal), said to a
    /// command line given no <c>--journal</c>; null when it also runs without one. (A notebook runs every verb in its open case.)
    /// </summary>
    public string? NeedsCase { get; init; }

    /// <summary>Whether a run in a case is journaled there; false for a verb that only reads the journal back (<c>case status</c>), an action on nothing.</summary>
    public bool Journaled { get; init; } = true;

    /// <summary>
    /// Why a cell has no magic command of this verb (its cells are a query kernel's, and .NET Interactive's own kernel
    /// has the name); null when both front ends expose it.
    /// </summary>
    public string? CommandLineOnly { get; init; }

    /// <summary>The group a verb of several words belongs to (<c>k8s</c> for <c>k8s node</c>): a cell's <c>#!k8s node</c>; null for a verb of one word.</summary>
    public string? Group => Name.Contains(' ', StringComparison.Ordinal) ? Name[..Name.IndexOf(' ', StringComparison.Ordinal)] : null;

    /// <summary>The incident entities a result names (a card's pod, node, instance), for its <c>--confirm</c>.</summary>
    public virtual IEnumerable<(EksIr.Core.Cases.CaseEntityKind Kind, string Value)> EntitiesOf(object result) => [];

    /// <summary>What <c>--json</c> prints, for the help.</summary>
    public abstract string JsonHelp { get; }
}
