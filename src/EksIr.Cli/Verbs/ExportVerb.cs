using EksIr.Cli.CommandLine;
using EksIr.Core.Containers;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir export ROOT --container C --path P --out DIR [--json]</c></summary>
public sealed class ExportVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "export",
        "export ROOT --container C --path P --out DIR [--json]",
        "Copy a file or subtree of a container, as the container saw it, to DIR/files with DIR/manifest.json (original\n" +
        "mode, owner, times, layer, SHA-256 of each file). Exported files are never executable or setuid; links and\n" +
        "devices are recorded in the manifest, not created; nothing is overwritten; DIR may not be inside the evidence.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string>
        {
            ["--container"] = "container id, id prefix or name",
            ["--path"] = "path inside the container",
            ["--out"] = "destination folder (new or empty)",
        }),
        new Dictionary<string, string> { ["--json"] = "print the manifest's entries as a JSON array" },
        Required: new HashSet<string> { "--container", "--path", "--out" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var export = ContainerExport.Run(ScratchOptions.OpenRoot(args, args.Positional(0)), args.Value("--container")!, args.Value("--path")!, args.Value("--out")!);
        if (args.Flag("--json"))
        {
            console.WriteJson(export.Entries);
        }
        else
        {
            console.Out.WriteLine(export.Summary);
        }

        console.ReportProblems(export.Problems);
        return Task.FromResult(0);
    }
}
