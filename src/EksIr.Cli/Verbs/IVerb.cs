using EksIr.Cli.CommandLine;

namespace EksIr.Cli.Verbs;

/// <summary>One eksir verb: parse options, make one engine call, format the result. No analysis logic here.</summary>
public interface IVerb
{
    VerbSpec Spec { get; }

    Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken);
}
