using EksIr.Cli.CommandLine;
using EksIr.Core.Containers;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir containers ROOT [--json]</c></summary>
public sealed class ContainersVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "containers",
        "containers ROOT [--json]",
        "Every container on a node's disk (containerd and Docker), with its pod, kind, image and times.\n" +
        "ROOT is the node's mounted root: the folder holding var/lib/containerd and/or var/lib/docker.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string>()),
        new Dictionary<string, string> { ["--json"] = "print a JSON array instead of a table" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var listing = NodeContainers.List(ScratchOptions.OpenRoot(args, args.Positional(0)));
        if (args.Flag("--json"))
        {
            console.WriteJson(listing.Containers);
        }
        else
        {
            console.Out.Write(TextTable.Render(ContainerViews.Headers, ContainerViews.Rows(listing)));
        }

        console.ReportProblems(listing.Problems);
        return Task.FromResult(0);
    }
}
