using EksIr.Cli.CommandLine;
using EksIr.Core.Cases;
using EksIr.Verbs;

namespace EksIr.Cli.Verbs;

/// <summary>
/// The command line's adapter over a declared verb: <c>eksir NAME ROOT [options] [--json] [--journal FILE]</c>, its
/// options the declared ones (the same names, defaults and help as the notebook's; the evidence option the verb
/// declares positional, such as ROOT, given without its name), plus what only a command line needs: the scratch
/// options for an archive, <c>--json</c>, and <c>--journal</c> — the case journal of <c>eksir case open</c>, which
/// makes the verb run inside that case (its evidence paths must then lie inside the case's evidence, and are journaled
/// relative to it) and journal what it did and read, as the notebook does. A verb that needs a case is refused without
/// <c>--journal</c>; a verb that opens one takes no <c>--journal</c> of the adapter's (its own options say where the
/// journal goes). A verdict of no (a wrong answer) exits 1, as test and grep do; a failure exits 1 too, with its line on stderr.
/// </summary>
public sealed class DeclaredVerb(VerbDeclaration verb, TimeProvider clock) : IVerb
{
    public const string JournalOption = "--journal";

    public VerbDeclaration Declaration { get; } = verb;

    public VerbSpec Spec { get; } = SpecOf(verb);

    private static VerbSpec SpecOf(VerbDeclaration verb)
    {
        var named = verb.Options.Where(o => !o.Positional).ToList();
        var usage = string.Join(' ', new[] { verb.Name }
            .Concat(verb.Options.Where(o => o.Positional).Select(o => o.Placeholder!))
            .Concat(named.Select(o => o.Kind == VerbOptionKind.Flag ? $"[{o.Name}]"
                : (o.Required ? $"{o.Name} {Placeholder(o)}" : $"[{o.Name} {Placeholder(o)}]") + (o.Several ? "..." : "")))
            .Append("[--json]")
            .Concat(verb.OpensCase ? [] : [verb.NeedsCase is null ? $"[{JournalOption} FILE]" : $"{JournalOption} FILE"]));
        var values = named.Where(o => o.Kind != VerbOptionKind.Flag).ToDictionary(o => o.Name, o => o.Described, StringComparer.Ordinal);
        if (!verb.OpensCase)
        {
            values[JournalOption] = verb.NeedsCase is null
                ? "run inside the case of this journal (from eksir case open) and journal what was done and read"
                : "the case's journal (from eksir case open): the verb runs inside that case" + (verb.Journaled ? " and journals what was done and read" : "");
        }

        var flags = named.Where(o => o.Kind == VerbOptionKind.Flag).ToDictionary(o => o.Name, o => o.Described, StringComparer.Ordinal);
        flags["--json"] = verb.JsonHelp;
        var positionals = verb.Options.Where(o => o.Positional).ToList();
        var summary = verb.Summary + string.Concat(positionals.Select(o => $"\n{o.Placeholder}: {o.Help}{(o.Archive ? ", or a .tar/.tar.gz of it" : "")}."));
        return new VerbSpec(verb.Name, usage, summary, [.. positionals.Select(o => o.PositionalOptional ? o.Placeholder + "?" : o.Placeholder!)],
            verb.Options.Any(o => o.Archive) ? ScratchOptions.With(values) : values,
            flags,
            Repeatable: named.Where(o => o.Several).Select(o => o.Name).ToHashSet(StringComparer.Ordinal),
            Required: named.Where(o => o.Required).Select(o => o.Name).ToHashSet(StringComparer.Ordinal));
    }

    private static string Placeholder(VerbOption option) => option.ValueName ?? option.Name.TrimStart('-').ToUpperInvariant().Replace('-', '_');

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var journal = Declaration.OpensCase ? null : args.Value(JournalOption);
        if (journal is null && Declaration.NeedsCase is { } why)
        {
            throw new VerbUsageException($"{Declaration.Name}: {why}: give {JournalOption} FILE (from eksir case open)");
        }

        var session = journal is null ? null : CaseSession.Resume(journal, clock, Environment.UserName, Environment.MachineName);
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var positional = 0;
        foreach (var option in Declaration.Options.Where(o => o.Kind != VerbOptionKind.Flag))
        {
            IReadOnlyList<string> given = !option.Positional ? args.All(option.Name)
                : positional < args.Positionals.Count ? [args.Positional(positional++)]
                : [];
            if (given.Count > 0)
            {
                values[option.Name] = option.Evidence && session is not null ? [.. given.Select(p => InCase(session, p))] : given;
            }
        }

        var arguments = new VerbArguments(Declaration, values, Declaration.Options.Where(o => o.Kind == VerbOptionKind.Flag && args.Flag(o.Name)).Select(o => o.Name));
        IVerbEvidence evidence = session is null ? new HostEvidence(ScratchOptions.Scratch(args)) : new CaseEvidence(session);
        var json = args.Flag("--json");
        var writes = Declaration.WritesOutput(arguments, json);
        var call = new VerbCall(arguments, evidence, session, new SynchronousProgress<string>(console.Error.WriteLine), clock, cancellationToken)
        {
            Output = writes ? new VerbOutput(console.OpenBinaryOutput, console.Out, json) { Terminal = console.OutputIsTerminal } : null,
        };
        var outcome = await VerbRunner.RunAsync(Declaration, call);
        // A verb that writes its result itself (a file's bytes, a streamed log) has printed it already.
        if (!writes && json)
        {
            console.WriteJson(Declaration.Json(outcome.Result));
        }
        else if (!writes)
        {
            console.Out.Write(Declaration.Text(outcome.Result, call));
        }

        foreach (var note in outcome.CaseNotes.Concat(outcome.Notes))
        {
            console.Error.WriteLine(note);
        }

        console.ReportProblems([.. outcome.Problems]);
        return outcome.Failed || outcome.Verdict == false ? 1 : 0;
    }

    /// <summary>A path on this machine given in a case: relative to the case's evidence ("." for its root), as a notebook gives it; outside it, left for the verb to refuse (and journal).</summary>
    private static string InCase(CaseSession session, string path)
    {
        var full = Path.GetFullPath(path);
        return Core.Evidence.PathContainment.RelativeInside(session.Evidence.FullPath, full) is { } inside ? (inside.Length == 0 ? "." : inside) : full;
    }
}
