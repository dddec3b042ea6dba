using EksIr.Cli.CommandLine;
using EksIr.Core.Cases;
using EksIr.Core.Evidence;
using EksIr.Verbs;

namespace EksIr.Cli.Verbs;

/// <summary>
/// The command line's adapter over a declared verb: <c>eksir NAME ROOT [options] [--json] [--journal FILE]</c>, its
/// options the declared ones (the same names, defaults and help as the notebook's), plus what only a command line
/// needs: ROOT (a node's root, folder or archive) with the scratch options, <c>--json</c>, and <c>--journal</c> — the
/// case journal of <c>eksir case open</c>, which makes the verb run inside that case (ROOT must then lie inside the
/// case's evidence) and journal what it did and read, as the notebook does.
/// </summary>
public sealed class DeclaredVerb(VerbDeclaration verb, TimeProvider clock) : IVerb
{
    public const string JournalOption = "--journal";

    public VerbDeclaration Declaration { get; } = verb;

    public VerbSpec Spec { get; } = SpecOf(verb);

    private static VerbSpec SpecOf(VerbDeclaration verb)
    {
        var usage = string.Join(' ', new[] { verb.Name, verb.Evidence == VerbEvidence.NodeRoot ? "ROOT" : null }
            .Concat(verb.Options.Select(o => o.Kind == VerbOptionKind.Flag ? $"[{o.Name}]"
                : o.Required ? $"{o.Name} {Placeholder(o)}" : $"[{o.Name} {Placeholder(o)}]"))
            .Append("[--json]").Append($"[{JournalOption} FILE]").OfType<string>());
        var values = verb.Options.Where(o => o.Kind != VerbOptionKind.Flag).ToDictionary(o => o.Name, o => o.Described, StringComparer.Ordinal);
        values[JournalOption] = "run inside the case of this journal (from eksir case open) and journal what was done and read";
        var flags = verb.Options.Where(o => o.Kind == VerbOptionKind.Flag).ToDictionary(o => o.Name, o => o.Described, StringComparer.Ordinal);
        flags["--json"] = verb.JsonHelp;
        return new VerbSpec(
            verb.Name, usage, verb.Summary + (verb.Evidence == VerbEvidence.NodeRoot ? "\nROOT is the node's mounted root (the folder holding var/lib/containerd and/or var/lib/docker), or a .tar/.tar.gz of it." : ""),
            verb.Evidence == VerbEvidence.NodeRoot ? ["ROOT"] : [],
            verb.Evidence == VerbEvidence.NodeRoot ? ScratchOptions.With(values) : values,
            flags,
            Repeatable: verb.Options.Where(o => o.Kind == VerbOptionKind.List).Select(o => o.Name).ToHashSet(StringComparer.Ordinal),
            Required: verb.Options.Where(o => o.Required).Select(o => o.Name).ToHashSet(StringComparer.Ordinal));
    }

    private static string Placeholder(VerbOption option) => option.Name.TrimStart('-').ToUpperInvariant().Replace('-', '_');

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var values = Declaration.Options.Where(o => o.Kind != VerbOptionKind.Flag && args.Values.ContainsKey(o.Name))
            .ToDictionary(o => o.Name, o => (IReadOnlyList<string>)args.All(o.Name), StringComparer.Ordinal);
        var arguments = new VerbArguments(Declaration, values, Declaration.Options.Where(o => o.Kind == VerbOptionKind.Flag && args.Flag(o.Name)).Select(o => o.Name));
        var session = args.Value(JournalOption) is { } journal ? CaseSession.Resume(journal, clock, Environment.UserName, Environment.MachineName) : null;
        var (root, where) = Evidence(args, session);
        var call = new VerbCall(arguments, root, session, where, new SynchronousProgress<string>(console.Error.WriteLine), clock, cancellationToken);
        var outcome = VerbRunner.Run(Declaration, call);
        if (args.Flag("--json"))
        {
            console.WriteJson(Declaration.Json(outcome.Result));
        }
        else
        {
            console.Out.Write(Declaration.Text(outcome.Result, call));
        }

        foreach (var note in outcome.Notes)
        {
            console.Error.WriteLine(note);
        }

        console.ReportProblems([.. outcome.Problems]);
        return Task.FromResult(outcome.Failed ? 1 : 0);
    }

    /// <summary>The node root: ROOT as given, or, in a case, ROOT inside the case's evidence (journaled as --root, relative to it).</summary>
    private (Func<EvidenceRoot>? Root, Dictionary<string, string> Where) Evidence(ParsedArgs args, CaseSession? session)
    {
        if (Declaration.Evidence != VerbEvidence.NodeRoot)
        {
            return (null, []);
        }

        var given = args.Positional(0);
        if (session is null)
        {
            return (() => ScratchOptions.OpenRoot(args, given), []);
        }

        var full = Path.GetFullPath(given);
        var inside = PathContainment.RelativeInside(session.Evidence.FullPath, full);
        var where = inside is "" or "." ? new Dictionary<string, string>() : new Dictionary<string, string> { ["--root"] = inside ?? full };
        return (() => CaseEvidence.NodeRoot(session, inside ?? full), where);
    }
}
