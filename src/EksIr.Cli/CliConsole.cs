using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Encodings.Web;
using EksIr.Core.Reporting;

namespace EksIr.Cli;

/// <summary>
/// stdout (results only) and stderr (progress, warnings, errors), injectable for tests; whether stdout is a terminal
/// is given too (Program asks the console), so that what a terminal must not be sent is decided in one place.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, Func<Stream>? binaryOutput = null, bool outputIsTerminal = false)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Whether stdout is a terminal rather than a pipe or a file.</summary>
    public bool OutputIsTerminal { get; } = outputIsTerminal;

    /// <summary>stdout as bytes, for verbs that print evidence content exactly (cat).</summary>
    public Stream OpenBinaryOutput()
    {
        Out.Flush();
        return (binaryOutput ?? Console.OpenStandardOutput)();
    }

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Damaged or skipped records go to stderr, counted, so stdout stays clean for --json.</summary>
    public void ReportProblems(IReadOnlyCollection<EksIr.Core.Evidence.EvidenceProblem> problems)
    {
        foreach (var problem in problems)
        {
            Error.WriteLine($"warning: {TerminalText.Lines(problem.ToString())}");
        }

        if (problems.Count > 0)
        {
            Error.WriteLine($"{Counted.Of(problems.Count, "damaged or unreadable record")} skipped; the rest is listed");
        }
    }
}
