using EksIr.Cli.CommandLine;
using EksIr.Core.Containers;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir cat ROOT --container C PATH</c>: the file's raw bytes as the container saw them.</summary>
public sealed class CatVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "cat",
        "cat ROOT --container C PATH",
        "Print a file of a container's merged filesystem, byte for byte (links resolved inside the container).\n" +
        "A name that is not UTF-8 is given with \\xNN escapes, as diff shows it.",
        ["ROOT", "PATH"],
        ScratchOptions.With(new Dictionary<string, string> { ["--container"] = "container id, id prefix or name" }),
        new Dictionary<string, string>(),
        Required: new HashSet<string> { "--container" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (_, fs) = ContainerFilesystems.Open(ScratchOptions.OpenRoot(args, args.Positional(0)), args.Value("--container")!);
        await using var file = fs.OpenRead(args.Positional(1));
        await using var stdout = console.OpenBinaryOutput();
        await file.CopyToAsync(stdout, cancellationToken);
        return 0;
    }
}
