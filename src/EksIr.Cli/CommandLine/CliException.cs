namespace EksIr.Cli.CommandLine;

/// <summary>An error to print as one line on stderr. Usage errors exit 2, everything else 1.</summary>
public sealed class CliException(string message, bool usage = false) : Exception(message), EksIr.Core.IAnalystError
{
    public int ExitCode { get; } = usage ? 2 : 1;
}
