using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>A verb whose engine call gives a <typeparamref name="TResult"/>: the declaration with its typed parts.</summary>
public sealed class Verb<TResult> : VerbDeclaration
    where TResult : notnull
{
    private readonly Func<VerbCall, Task<TResult>> _engine;
    private readonly Func<TResult, string> _said;
    private readonly Func<TResult, IReadOnlyList<EvidenceProblem>> _problems;
    private readonly Func<TResult, VerbCall, string> _text;
    private readonly Func<TResult, object> _json;
    private readonly Func<TResult, bool>? _failed;
    private readonly Func<TResult, IEnumerable<string>>? _notes;
    private readonly Func<VerbArguments, bool, bool>? _writesOutput;

    /// <summary>A verb whose engine works synchronously (reads evidence on this machine).</summary>
    public Verb(
        string name,
        string summary,
        IReadOnlyList<VerbOption> options,
        Func<VerbCall, TResult> engine,
        Func<TResult, string> said,
        Func<TResult, IReadOnlyList<EvidenceProblem>> problems,
        Func<TResult, VerbCall, string> text,
        Func<TResult, object> json,
        string jsonHelp,
        Func<TResult, bool>? failed = null,
        Func<TResult, IEnumerable<string>>? notes = null,
        Func<VerbArguments, bool, bool>? writesOutput = null)
        : this(name, summary, options, call => Task.FromResult(engine(call)), said, problems, text, json, jsonHelp, failed, notes, writesOutput)
    {
    }

    /// <summary>A verb whose engine awaits (a cluster, an AWS service), given the call's cancellation.</summary>
    public Verb(
        string name,
        string summary,
        IReadOnlyList<VerbOption> options,
        Func<VerbCall, Task<TResult>> engine,
        Func<TResult, string> said,
        Func<TResult, IReadOnlyList<EvidenceProblem>> problems,
        Func<TResult, VerbCall, string> text,
        Func<TResult, object> json,
        string jsonHelp,
        Func<TResult, bool>? failed = null,
        Func<TResult, IEnumerable<string>>? notes = null,
        Func<VerbArguments, bool, bool>? writesOutput = null)
        : base(name, summary, options)
    {
        _engine = engine;
        _said = said;
        _problems = problems;
        _text = text;
        _json = json;
        JsonHelp = jsonHelp;
        _failed = failed;
        _notes = notes;
        _writesOutput = writesOutput;
    }

    public override async Task<VerbOutcome> RunAsync(VerbCall call)
    {
        var result = await _engine(call).ConfigureAwait(false);
        return new VerbOutcome(result, _said(result), _problems(result), _failed?.Invoke(result) ?? false,
            [.. call.NodeRead.Said is { } node ? [node] : Array.Empty<string>(), .. _notes is null ? [] : _notes(result)])
        {
            Verdict = Verdict?.Invoke(result),
            NodeRead = call.NodeRead.Said,
        };
    }

    /// <summary>The yes-or-no verdict of a result, for a verb whose result is one (<see cref="VerbOutcome.Verdict"/>).</summary>
    public Func<TResult, bool?>? Verdict { get; init; }

    /// <summary>The incident entities a result names, for <c>--confirm</c> (<see cref="Cases.CaseConfirmation"/>).</summary>
    public Func<TResult, IEnumerable<(EksIr.Core.Cases.CaseEntityKind Kind, string Value)>>? Entities { get; init; }

    public override IEnumerable<(EksIr.Core.Cases.CaseEntityKind Kind, string Value)> EntitiesOf(object result) => Entities?.Invoke((TResult)result) ?? [];

    public override string Text(object result, VerbCall call) => _text((TResult)result, call);

    public override object Json(object result) => _json((TResult)result);

    public override bool WritesOutput(VerbArguments arguments, bool json) => _writesOutput?.Invoke(arguments, json) ?? false;

    public override string JsonHelp { get; }
}
