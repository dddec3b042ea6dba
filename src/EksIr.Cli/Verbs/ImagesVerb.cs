using EksIr.Cli.CommandLine;
using EksIr.Core.Containers;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir images ROOT [--json]</c> and <c>eksir history ROOT --image REF [--json]</c></summary>
public sealed class ImagesVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "images",
        "images ROOT [--json]",
        "Every image on a node's disk (Docker and containerd): names, creation, size, and whether it was built here or is unused.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string>()),
        new Dictionary<string, string> { ["--json"] = "print a JSON array (id, runtime, names, dangling, createdAt, size, …)" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var listing = NodeImages.List(ScratchOptions.OpenRoot(args, args.Positional(0)));
        if (args.Flag("--json"))
        {
            console.WriteJson(listing.Images);
        }
        else
        {
            console.Out.Write(TextTable.Render(ImageViews.Headers, ImageViews.Rows(listing)));
        }

        console.ReportProblems(listing.Problems);
        return Task.FromResult(0);
    }
}

public sealed class HistoryVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "history",
        "history ROOT --image REF [--json]",
        "The build steps of an image (newest first), flagging download-and-execute, setuid/setgid and base64 blobs.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string> { ["--image"] = "image name (repo:tag) or id prefix" }),
        new Dictionary<string, string> { ["--json"] = "print a JSON array (created, createdBy, emptyLayer, comment, flags)" },
        Required: new HashSet<string> { "--image" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var history = NodeImages.History(ScratchOptions.OpenRoot(args, args.Positional(0)), args.Value("--image")!);
        if (args.Flag("--json"))
        {
            console.WriteJson(history.Steps);
        }
        else
        {
            console.Out.Write(TextTable.Render(ImageViews.HistoryHeaders, ImageViews.Rows(history)));
        }

        return Task.FromResult(0);
    }
}
