using EksIr.Cli.CommandLine;
using EksIr.Core.Containers;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir layers ROOT --container C [--json]</c></summary>
public sealed class LayersVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "layers",
        "layers ROOT --container C [--json]",
        "A container's overlay stack, its own writable layer first, then the image's layers newest first: the engine's\n" +
        "name for each (containerd snapshot, Docker layer chain id), its directory in the evidence, entries and size.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string> { ["--container"] = "container id, id prefix or name" }),
        new Dictionary<string, string> { ["--json"] = "print a JSON array (index, role, id, engineName, evidencePath, entries, bytes)" },
        Required: new HashSet<string> { "--container" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var layers = ContainerLayers.Of(ScratchOptions.OpenRoot(args, args.Positional(0)), args.Value("--container")!);
        if (args.Flag("--json"))
        {
            console.WriteJson(layers.Layers);
        }
        else
        {
            console.Out.Write(TextTable.Render(LayerViews.Headers, LayerViews.Rows(layers)));
        }

        console.ReportProblems(layers.Problems);
        return Task.FromResult(0);
    }
}
