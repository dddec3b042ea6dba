using System.Text.Json;
using EksIr.Verbs;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Verbs;

/// <summary>
/// The notebook's adapter over the declared verbs: one <c>#!verb</c> directive per declaration (a verb of several
/// words, such as <c>k8s node</c>, is a subcommand of its group's <c>#!k8s</c>), its parameters the declared options,
/// and one handler for all that binds the options, finds their evidence inside the open case, runs the verb
/// (journaled; stopped by the notebook's stop button) and shows the result through the formatters. A verb that opens
/// a case runs in none, and the case it opened becomes the notebook's current case. A verb declared the command line's
/// only has no directive.
/// </summary>
public static class DeclaredDirectives
{
    public static void Register(CompositeKernel kernel, CurrentCase current, TimeProvider clock, IEnumerable<VerbDeclaration> verbs)
    {
        foreach (var verb in verbs.Where(v => v.CommandLineOnly is null))
        {
            var directive = new KernelActionDirective(verb.Group is null ? "#!" + verb.Name : verb.Name[(verb.Group.Length + 1)..]) { Description = verb.Summary };
            foreach (var option in verb.Options)
            {
                directive.Parameters.Add(new KernelDirectiveParameter(option.Name, option.Described)
                {
                    Required = option.Required,
                    Flag = option.Kind == VerbOptionKind.Flag,
                    AllowImplicitName = option.Implicit,
                });
            }

            if (verb.Group is { } group)
            {
                GroupDirective(kernel, group).Subcommands.Add(directive);
            }

            typeof(DeclaredDirectives).GetMethod(nameof(Add), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(VerbCommand.For(verb.Name)).Invoke(null, [kernel, directive, current, clock, verb]);
        }
    }

    /// <summary>The group's <c>#!group</c> directive, made (and listed among the kernel's) with the first of its verbs.</summary>
    private static KernelActionDirective GroupDirective(CompositeKernel kernel, string group)
    {
        if (kernel.KernelInfo.SupportedDirectives.OfType<KernelActionDirective>().FirstOrDefault(d => d.Name == "#!" + group) is { } existing)
        {
            return existing;
        }

        var made = new KernelActionDirective("#!" + group) { Description = VerbGroups.Summary(group) };
        kernel.KernelInfo.SupportedDirectives.Add(made);
        return made;
    }

    private static void Add<T>(CompositeKernel kernel, KernelActionDirective directive, CurrentCase current, TimeProvider clock, VerbDeclaration verb)
        where T : VerbCommand =>
        kernel.AddDirective<T>(directive, (command, context) => HandleAsync(command, context, current, clock, verb));

    private static async Task HandleAsync(VerbCommand command, KernelInvocationContext context, CurrentCase current, TimeProvider clock, VerbDeclaration verb)
    {
        var session = verb.OpensCase ? null : current.Session;
        if (session is null && !verb.OpensCase)
        {
            context.Fail(command, message: $"no case is open: run  #!case open --name INC-… --evidence DIR  before #!{verb.Name}");
            return;
        }

        var progress = new ProgressLine(context);
        VerbOutcome outcome;
        try
        {
            var (values, flags) = Bind(command, verb);
            IVerbEvidence evidence = session is null ? new NoEvidence() : new CaseEvidence(session);
            var call = new VerbCall(new VerbArguments(verb, values, flags), evidence, session, progress, clock, context.CancellationToken);
            // Off the kernel's thread, so that a long scan does not hold it while the analyst presses stop.
            outcome = await Task.Run(() => VerbRunner.RunAsync(verb, call), CancellationToken.None);
        }
        catch (Exception e) when (AnalystErrors.Are(e))
        {
            context.Fail(command, message: Core.Reporting.Secrets.Redact(e.Message));
            return;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            progress.Done();
            context.Fail(command, message: $"#!{verb.Name}: {VerbRunner.Cancelled}");
            return;
        }

        progress.Done();
        if (outcome.Result is EksIr.Verbs.Cases.OpenedCase opened)
        {
            current.Session = opened.Session;
        }

        if (outcome.CaseNotes.Count > 0)
        {
            context.Display(new Formatting.CaseContextNotes(outcome.CaseNotes), "text/html", "text/plain");
        }

        if (outcome.NodeRead is { } node)
        {
            context.Display((object)node, "text/plain"); // which node disk under node/ the verb chose
        }

        context.Display(outcome.Result, "text/html", "text/plain");
        if (outcome.Failed)
        {
            context.Fail(command, message: $"#!{verb.Name}: a step failed; the plan above says what was done and what was not");
        }
    }

    /// <summary>The directive's values and flags by declared option name (.NET Interactive names them without dashes, in camel case).</summary>
    private static (Dictionary<string, IReadOnlyList<string>> Values, List<string> Flags) Bind(VerbCommand command, VerbDeclaration verb)
    {
        var given = (command.Parameters ?? []).ToDictionary(p => Key(p.Key), p => p.Value, StringComparer.Ordinal);
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var flags = new List<string>();
        foreach (var option in verb.Options)
        {
            if (!given.TryGetValue(Key(option.Name), out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                continue;
            }

            if (option.Kind == VerbOptionKind.Flag)
            {
                if (value.ValueKind == JsonValueKind.True)
                {
                    flags.Add(option.Name);
                }
            }
            else
            {
                values[option.Name] = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(Text)] : [Text(value)];
            }
        }

        return (values, flags);
    }

    private static string Key(string name) => name.TrimStart('-').Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
