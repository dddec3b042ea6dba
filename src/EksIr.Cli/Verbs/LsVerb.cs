using EksIr.Cli.CommandLine;
using EksIr.Core.Containers;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir ls ROOT --container C [--path P] [--recursive] [--hash] [--json]</c></summary>
public sealed class LsVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "ls",
        "ls ROOT --container C [--path P] [--recursive] [--hash] [--json]",
        "List a directory of a container as the container saw it (overlay layers merged, whiteouts applied): mode, owner,\n" +
        "size, time, the layer each entry comes from (container or image), and A/C/D for what the container added, changed\n" +
        "or deleted. P defaults to /.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string> { ["--container"] = "container id, id prefix or name", ["--path"] = "path inside the container (default /)" }),
        new Dictionary<string, string>
        {
            ["--recursive"] = "the whole subtree",
            ["--hash"] = "SHA-256 of every file listed",
            ["--json"] = "print a JSON array (path, type, mode, size, uid, gid, modified, linkTarget, layer, layerIndex, change, sha256)",
        },
        Required: new HashSet<string> { "--container" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var listing = ContainerFileListing.Of(ScratchOptions.OpenRoot(args, args.Positional(0)), args.Value("--container")!,
            args.Value("--path") ?? "/", args.Flag("--recursive"), args.Flag("--hash"));
        if (args.Flag("--json"))
        {
            console.WriteJson(listing.Files);
        }
        else
        {
            console.Out.Write(TextTable.Render(FileListingViews.Headers, FileListingViews.Rows(listing)));
        }

        console.ReportProblems(listing.Problems);
        return Task.FromResult(0);
    }
}
