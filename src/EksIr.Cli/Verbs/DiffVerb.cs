using EksIr.Cli.CommandLine;
using EksIr.Core.Containers;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir diff ROOT --container C [--json]</c></summary>
public sealed class DiffVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "diff",
        "diff ROOT --container C [--json]",
        "A container's filesystem changes against its image, as docker diff prints them (A added, C changed, D deleted).\n" +
        "C is a full container id, a unique id prefix, or a name.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string> { ["--container"] = "container id, id prefix or name" }),
        new Dictionary<string, string> { ["--json"] = "print a JSON array (path, change, type, mode, size, uid, gid, modified, linkTarget)" },
        Required: new HashSet<string> { "--container" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var diff = ContainerDiff.Of(ScratchOptions.OpenRoot(args, args.Positional(0)), args.Value("--container")!);
        if (args.Flag("--json"))
        {
            console.WriteJson(diff.Changes);
        }
        else
        {
            console.Out.Write(DiffViews.DockerText(diff));
        }

        console.ReportProblems(diff.Problems);
        return Task.FromResult(0);
    }
}
