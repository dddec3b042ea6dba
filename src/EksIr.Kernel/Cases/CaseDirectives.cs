using EksIr.Core.Cases;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Cases;

/// <summary><c>#!case open|status|report</c>: option parsing by the host, one engine call, formatting by registered formatters.</summary>
public static class CaseDirectives
{
    public static void Register(CompositeKernel kernel, CurrentCase current, KernelEnvironment environment)
    {
        var root = new KernelActionDirective("#!case") { Description = "Open a case, show its status, write its report" };

        var open = new KernelActionDirective("open")
        {
            Description = "Open (or re-open) a case over a read-only evidence folder; every later action is journaled",
            Parameters =
            {
                new KernelDirectiveParameter("--name", "Case identifier, e.g. INC-2026-001") { Required = true },
                new KernelDirectiveParameter("--evidence", "Evidence folder (opened read-only)") { Required = true },
                new KernelDirectiveParameter("--journal", "Journal file (JSON lines); default cases/<name>/journal.jsonl"),
                new KernelDirectiveParameter("--case-dir", "Case folder for journal and report; default cases/<name>"),
                new KernelDirectiveParameter("--hash", "SHA-256 every evidence file at intake") { Flag = true },
                new KernelDirectiveParameter("--scratch", "Folder a .tar.gz node archive is unpacked into to be read; default TMPDIR, else /tmp"),
                new KernelDirectiveParameter("--scratch-limit", "The most it may take there, e.g. 50G; default half the space free there"),
            },
        };
        var status = new KernelActionDirective("status")
        {
            Description = "Show the open case: journal, analysts, actions, evidence read",
            Parameters = { new KernelDirectiveParameter("--last", "How many recent actions to list (default 10)") },
        };
        var report = new KernelActionDirective("report")
        {
            Description = "Write the incident write-up (HTML that opens offline, and Markdown): summary, findings with their evidence, timeline, entities, actions, evidence manifest",
            Parameters = { new KernelDirectiveParameter("--out", "Output file; default report.html in the case folder (the .md beside it)") },
        };
        root.Subcommands.Add(open);
        root.Subcommands.Add(status);
        root.Subcommands.Add(report);
        kernel.KernelInfo.SupportedDirectives.Add(root);

        kernel.AddDirective<OpenCase>(open, VerbHandler.Wrap<OpenCase>((command, context) =>
        {
            ScratchSpace scratch;
            try
            {
                scratch = ScratchSpace.From(command.Scratch, command.ScratchLimit);
            }
            catch (ArgumentException e)
            {
                throw new CaseException("--scratch-limit: " + e.Message);
            }

            var (session, inventory) = CaseSession.Open(
                new CaseOpenRequest(command.Name ?? "", command.Evidence ?? "", command.Journal, command.CaseDir, command.Hash, scratch),
                environment.Clock, environment.Analyst, environment.Host, Directory.GetCurrentDirectory());
            current.Session = session;
            context.Display(CaseOpened.From(session, inventory), "text/html", "text/plain");
        }));

        kernel.AddDirective<ShowCaseStatus>(status, VerbHandler.Wrap<ShowCaseStatus>((command, context) =>
        {
            var session = current.Require();
            context.Display(new CaseStatusView(CaseStatus.FromJournal(session.Journal.Path), command.Last ?? 10), "text/html", "text/plain");
        }));

        kernel.AddDirective<WriteCaseReport>(report, VerbHandler.Wrap<WriteCaseReport>((command, context) =>
        {
            var session = current.Require();
            var written = EksIr.Investigation.WriteUp.IncidentWriteUp.WriteAsync(session.Journal.Path, command.Out, environment.Clock, Directory.GetCurrentDirectory(),
                session.Evidence.Recorder).GetAwaiter().GetResult();
            session.Record("case report", command.Out is null ? new Dictionary<string, string>() : new() { ["--out"] = command.Out },
                JournalOutcome.Ok, $"wrote {written.Path} and {Path.GetFileName(written.MarkdownPath)} ({written.Findings} findings, {written.TimelineRows} timeline rows, {written.Actions} actions, {written.EvidenceFiles} evidence files)");
            context.Display(written, "text/html", "text/plain");
        }));
    }
}

/// <summary>Status plus how many recent actions to show.</summary>
public sealed record CaseStatusView(CaseStatus Status, int Last);
