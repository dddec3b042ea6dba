using System.Globalization;
using System.Text.Json;
using EksIr.Cli.CommandLine;
using EksIr.Core.Containers;
using EksIr.Core.Containers.Logs;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir logs ROOT --container C [--json]</c>: streamed, so a multi-gigabyte log never sits in memory.</summary>
public sealed class LogsVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "logs",
        "logs ROOT --container C [--json]",
        "A container's log as it wrote it (CRI logs under var/log/pods, or Docker json-file), partial lines joined,\n" +
        "rotated and gzipped files included, oldest first.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string> { ["--container"] = "container id, id prefix or name" }),
        new Dictionary<string, string> { ["--json"] = "print a JSON array (time, stream, message, file, line)" },
        Required: new HashSet<string> { "--container" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var problems = new List<EvidenceProblem>();
        var lines = NodeLogs.Stream(ScratchOptions.OpenRoot(args, args.Positional(0)), args.Value("--container")!, problems);
        if (args.Flag("--json"))
        {
            using var stdout = console.OpenBinaryOutput();
            using var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartArray();
            foreach (var line in lines)
            {
                json.WriteStartObject();
                json.WriteString("time", line.Time?.ToString());
                json.WriteString("stream", line.Stream);
                json.WriteString("message", Secrets.Redact(line.Message)); // written to stdout's bytes: the redaction console.Out does is done here
                json.WriteString("file", line.File);
                json.WriteNumber("line", line.Line);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.Flush();
            stdout.WriteByte((byte)'\n');
        }
        else
        {
            foreach (var line in lines)
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{line.Time} {line.Stream} {TerminalText.Escape(line.Message)}"));
            }
        }

        console.ReportProblems(problems);
        return Task.FromResult(0);
    }
}
