using EksIr.Core.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>A verb whose engine call gives a <typeparamref name="TResult"/>: the declaration with its typed parts.</summary>
public sealed class Verb<TResult>(
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
    Func<VerbArguments, bool, bool>? writesOutput = null) : VerbDeclaration(name, summary, options)
    where TResult : notnull
{
    public override VerbOutcome Run(VerbCall call)
    {
        var result = engine(call);
        return new VerbOutcome(result, said(result), problems(result), failed?.Invoke(result) ?? false, notes is null ? [] : [.. notes(result)]);
    }

    public override string Text(object result, VerbCall call) => text((TResult)result, call);

    public override object Json(object result) => json((TResult)result);

    public override bool WritesOutput(VerbArguments arguments, bool json) => writesOutput?.Invoke(arguments, json) ?? false;

    public override string JsonHelp { get; } = jsonHelp;
}
