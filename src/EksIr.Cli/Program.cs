using System.Reflection;
using EksIr.Cli;
using EksIr.Cli.CommandLine;
using EksIr.Cli.Verbs;
using EksIr.Core.Cases;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;

// Everything printed goes through the one redaction pass (credentials in evidence, in a service's error); only
// `cat`'s bytes, the evidence itself, bypass it.
await using var output = new RedactingWriter(Console.Out);
await using var errors = new RedactingWriter(Console.Error);
var console = new CliConsole(output, errors, outputIsTerminal: !Console.IsOutputRedirected);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

IVerb[] verbs = [new RunVerb(), .. EksIr.Verbs.VerbCatalog.All.Select(v => new DeclaredVerb(v, TimeProvider.System))];
return await Dispatch(args);

async Task<int> Dispatch(string[] argv)
{
    if (argv.Length == 0 || argv[0] is "-h" or "--help" or "help")
    {
        // Asked for, the help is the output; eksir run with nothing to do is a usage error, said on stderr.
        (argv.Length == 0 ? console.Error : console.Out).Write(Usage());
        return argv.Length == 0 ? 2 : 0;
    }

    if (argv[0] == "--version")
    {
        console.Out.WriteLine(typeof(RunVerb).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
        return 0;
    }

    // Longest verb name first: "case open" before "case".
    var verb = verbs
        .Select(v => (Verb: v, Words: v.Spec.Name.Split(' ')))
        .Where(v => v.Words.Length <= argv.Length && v.Words.SequenceEqual(argv.Take(v.Words.Length)))
        .OrderByDescending(v => v.Words.Length)
        .FirstOrDefault();
    if (verb.Verb is null)
    {
        console.Error.WriteLine($"eksir: unknown verb '{string.Join(' ', argv.TakeWhile(a => !a.StartsWith('-')).Take(2))}'; run 'eksir --help'");
        return 2;
    }

    var rest = argv.Skip(verb.Words.Length).ToArray();
    if (rest.Any(a => a is "-h" or "--help"))
    {
        console.Out.Write(verb.Verb.Spec.Help());
        return 0;
    }

    try
    {
        return await verb.Verb.RunAsync(ArgParser.Parse(verb.Verb.Spec, rest), console, cancel.Token);
    }
    catch (CliException e)
    {
        console.Error.WriteLine($"eksir {(e.ExitCode == 2 ? "" : verb.Verb.Spec.Name + ": ")}{EksIr.Core.Reporting.TerminalText.Escape(e.Message)}");
        return e.ExitCode;
    }
    catch (EksIr.Verbs.VerbUsageException e)
    {
        console.Error.WriteLine($"eksir {EksIr.Core.Reporting.TerminalText.Escape(e.Message)}");
        return 2;
    }
    catch (Exception e) when (EksIr.Verbs.AnalystErrors.Are(e))
    {
        console.Error.WriteLine($"eksir {verb.Verb.Spec.Name}: {EksIr.Core.Reporting.TerminalText.Escape(e.Message)}");
        return 1;
    }
    catch (OperationCanceledException) when (cancel.IsCancellationRequested)
    {
        console.Error.WriteLine($"eksir {verb.Verb.Spec.Name}: cancelled");
        return 130;
    }
    catch (Exception e)
    {
        // A bug: its stack trace is kept, but printed here (redacted, after what was already printed), not by the runtime's crash handler.
        console.Error.WriteLine($"eksir {verb.Verb.Spec.Name}: internal error, please report it: {e}");
        return 70;
    }
}

string Usage() =>
    "eksir — EKS incident response and forensics (the notebooks' verbs on the command line)\n\nverbs:\n" +
    string.Concat(verbs.Select(v => $"  eksir {v.Spec.Usage}\n")) +
    "\n'eksir VERB --help' for a verb's options.\n";
