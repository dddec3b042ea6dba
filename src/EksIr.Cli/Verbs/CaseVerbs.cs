using EksIr.Cli.CommandLine;
using EksIr.Core.Cases;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir case open|status|report</c>: the notebook's <c>#!case</c> verbs over a journal file.</summary>
public static class CaseVerbs
{
    public static IVerb[] All(TimeProvider clock) => [new Open(clock), new Status(), new Report(clock)];

    private static readonly Dictionary<string, string> JsonFlag = new() { ["--json"] = "print JSON instead of a table" };

    private sealed class Open(TimeProvider clock) : IVerb
    {
        public VerbSpec Spec { get; } = new(
            "case open",
            "case open --name N --evidence DIR [--journal FILE] [--case-dir DIR] [--hash] [--scratch DIR] [--scratch-limit SIZE] [--json]",
            "Open (or re-open) a case over a read-only evidence folder and journal it.",
            [],
            ScratchOptions.With(new Dictionary<string, string>
            {
                ["--name"] = "case identifier, e.g. INC-2026-001",
                ["--evidence"] = "evidence folder (read-only)",
                ["--journal"] = "journal file; default cases/<name>/journal.jsonl",
                ["--case-dir"] = "case folder; default cases/<name>",
            }),
            new Dictionary<string, string>(JsonFlag) { ["--hash"] = "SHA-256 every evidence file at intake" },
            Required: new HashSet<string> { "--name", "--evidence" });

        public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
        {
            var (session, inventory) = CaseSession.Open(
                new CaseOpenRequest(args.Value("--name")!, args.Value("--evidence")!, args.Value("--journal"), args.Value("--case-dir"), args.Flag("--hash"),
                    ScratchOptions.Scratch(args)),
                clock, Environment.UserName, Environment.MachineName, Directory.GetCurrentDirectory(),
                new SynchronousProgress<string>(console.Error.WriteLine));
            var opened = CaseOpened.From(session, inventory);
            if (args.Flag("--json"))
            {
                console.WriteJson(opened);
            }
            else
            {
                console.Out.Write(TextTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(opened)));
            }

            return Task.FromResult(0);
        }
    }

    private sealed class Status : IVerb
    {
        public VerbSpec Spec { get; } = new(
            "case status",
            "case status --journal FILE [--last N] [--json]",
            "Show a case from its journal: analysts, actions, evidence read, damaged lines.",
            [],
            new Dictionary<string, string> { ["--journal"] = "the case journal", ["--last"] = "recent actions to list (default 10)" },
            JsonFlag,
            Required: new HashSet<string> { "--journal" });

        public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
        {
            var status = CaseStatus.FromJournal(args.Value("--journal")!);
            if (args.Flag("--json"))
            {
                console.WriteJson(status);
                return Task.FromResult(0);
            }

            var last = args.Value("--last") is { } n
                ? int.TryParse(n, out var v) && v >= 0 ? v : throw new CliException($"case status: --last takes a count, got '{n}'", usage: true)
                : 10;
            console.Out.Write(TextTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(status)));
            console.Out.WriteLine();
            console.Out.Write(TextTable.Render(CaseViews.ActionHeaders, CaseViews.Actions(status, last)));
            return Task.FromResult(0);
        }
    }

    private sealed class Report(TimeProvider clock) : IVerb
    {
        public VerbSpec Spec { get; } = new(
            "case report",
            "case report --journal FILE [--out FILE] [--json]",
            "Write the incident write-up from the journal and the case's evidence: self-contained HTML (opens offline) and a\n" +
            "Markdown twin (.md): summary, findings with their evidence rows, key timeline and swimlanes, entities, the whole\n" +
            "timeline, the actions journal and the evidence manifest with hashes.",
            [],
            new Dictionary<string, string> { ["--journal"] = "the case journal", ["--out"] = "output file; default report.html beside the journal" },
            JsonFlag,
            Required: new HashSet<string> { "--journal" });

        public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
        {
            var written = await EksIr.Investigation.WriteUp.IncidentWriteUp.WriteAsync(args.Value("--journal")!, args.Value("--out"), clock, Directory.GetCurrentDirectory(),
                progress: new SynchronousProgress<string>(console.Error.WriteLine), cancellationToken: cancellationToken);
            if (args.Flag("--json"))
            {
                console.WriteJson(written);
            }
            else
            {
                console.Out.Write(TextTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(written)));
            }

            return 0;
        }
    }
}
