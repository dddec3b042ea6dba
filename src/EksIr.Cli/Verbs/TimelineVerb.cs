using EksIr.Cli.CommandLine;
using EksIr.Core.Containers.Timeline;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir timeline ROOT --container C --format bodyfile|timesketch</c></summary>
public sealed class TimelineVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "timeline",
        "timeline ROOT --container C [--format bodyfile|timesketch]",
        "The MAC(B) times of every path a container added, changed or deleted (a deletion's time is its whiteout's),\n" +
        "as a TSK bodyfile for mactime (default; nanoseconds kept as a fraction) or Timesketch JSON lines.",
        ["ROOT"],
        ScratchOptions.With(new Dictionary<string, string> { ["--container"] = "container id, id prefix or name", ["--format"] = "bodyfile (default) or timesketch" }),
        new Dictionary<string, string>(),
        Required: new HashSet<string> { "--container" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var format = args.Value("--format") ?? "bodyfile";
        if (format is not ("bodyfile" or "timesketch"))
        {
            throw new CliException($"timeline: --format is bodyfile or timesketch, not '{format}'", usage: true);
        }

        var timeline = ContainerTimeline.Of(ScratchOptions.OpenRoot(args, args.Positional(0)), args.Value("--container")!);
        console.Out.Write(format == "bodyfile" ? timeline.Bodyfile() : timeline.TimesketchJsonl());
        console.ReportProblems(timeline.Problems);
        return Task.FromResult(0);
    }
}
