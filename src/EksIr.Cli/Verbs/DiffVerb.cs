using EksIr.Cli.CommandLine;
using EksIr.Core.Containers;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir diff ROOT --container C [--json]</c></summary>
public sealed class DiffVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "diff",
        "diff ROOT --container C [--runtime-made] [--json]",
        "A container's filesystem changes against its image, as docker diff prints them (A added, C changed, D deleted).\n" +
        "Empty mount points the runtime made (/proc, /dev, /etc/hosts, …) are left out and counted; --runtime-made lists them, marked.\n" +
        "C is a full container id, a unique id prefix, or a name.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string> { ["--container"] = "container id, id prefix or name" }),
        new Dictionary<string, string>
        {
            ["--runtime-made"] = "also list the empty mount points the runtime made, marked",
            ["--json"] = "print a JSON array (path, change, type, mode, size, uid, gid, modified, linkTarget, runtimeMade)",
        },
        Required: new HashSet<string> { "--container" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var diff = ContainerDiff.Of(ScratchOptions.OpenRoot(args, args.Positional(0)), args.Value("--container")!, args.Flag("--runtime-made"));
        if (args.Flag("--json"))
        {
            console.WriteJson(diff.Changes);
        }
        else
        {
            console.Out.Write(DiffViews.DockerText(diff));
        }

        if (diff.RuntimeMadeLeftOut > 0)
        {
            console.Error.WriteLine($"{diff.RuntimeMadeLeftOut} empty mount points the runtime made left out (--runtime-made lists them)");
        }

        console.ReportProblems(diff.Problems);
        return Task.FromResult(0);
    }
}
