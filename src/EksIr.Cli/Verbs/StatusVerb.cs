using EksIr.Cli.CommandLine;
using EksIr.Core.Containers;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir status ROOT [--json]</c></summary>
public sealed class StatusVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "status",
        "status ROOT [--json]",
        "Which container engines the node ran (version from its package database), storage drivers, and counts of\n" +
        "containers (running when the disk was captured), pod sandboxes and images.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string>()),
        new Dictionary<string, string> { ["--json"] = "print JSON instead of a table" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var status = NodeStatus.Of(ScratchOptions.OpenRoot(args, args.Positional(0)));
        if (args.Flag("--json"))
        {
            console.WriteJson(status.Engines);
        }
        else
        {
            console.Out.Write(TextTable.Render(StatusViews.Headers, StatusViews.Rows(status)));
        }

        console.ReportProblems(status.Problems);
        return Task.FromResult(0);
    }
}
