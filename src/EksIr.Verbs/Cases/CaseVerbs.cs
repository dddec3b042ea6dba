using EksIr.Core.Cases;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;
using EksIr.Reporting;
using EksIr.Investigation.WriteUp;

namespace EksIr.Verbs.Cases;

/// <summary>
/// The case's own verbs: open one over an evidence folder (its journal begins), read its status back from the
/// journal, write its report. A notebook runs the last two in its open case; a command line in the case of --journal.
/// </summary>
public static class CaseVerbs
{
    /// <summary>Where a gzip node archive of the evidence is unpacked to be read, and how far (also offered by every verb whose evidence may be an archive).</summary>
    public static readonly VerbOption Scratch = new("--scratch", "folder a .tar.gz node archive is unpacked into to be read (default: TMPDIR, else /tmp)", ValueName: "DIR");

    /// <inheritdoc cref="Scratch"/>
    public static readonly VerbOption ScratchLimit = new("--scratch-limit", "the most it may take there, e.g. 50G (default: half the space free there)", ValueName: "SIZE");

    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<OpenedCase>(
            "case open",
            "Open (or re-open) a case over a read-only evidence folder: an inventory of the evidence (SHA-256 of every file with " +
            "--hash) begins its journal, and every later action is journaled there (on a command line, give the journal to the " +
            "next verb with --journal).",
            [
                new VerbOption("--name", "case identifier, e.g. INC-2026-001", Required: true, ValueName: "N"),
                new VerbOption("--evidence", "evidence folder (opened read-only)", Required: true, ValueName: "DIR"),
                new VerbOption("--journal", "journal file (JSON lines); default cases/<name>/journal.jsonl", ValueName: "FILE"),
                new VerbOption("--case-dir", "case folder for the journal, exports and report; default cases/<name> (the journal's folder when only --journal is given)", ValueName: "DIR"),
                VerbOption.Flag("--hash", "SHA-256 every evidence file at intake"),
                Scratch,
                ScratchLimit,
            ],
            Open,
            r => $"opened case {r.Shown.Name} (journal {r.Shown.JournalPath})", _ => [],
            (r, _) => TextTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(r.Shown)),
            r => r.Shown, "print the case opened as JSON (name, evidenceRoot, caseDirectory, journalPath, inventory)")
        {
            OpensCase = true,
        },
        new Verb<CaseStatusView>(
            "case status",
            "Show the case from its journal: analysts, actions (the last few listed), evidence read with its hashes, damaged journal lines.",
            [new VerbOption("--last", "how many recent actions to list", Default: "10", ValueName: "N")],
            call => new CaseStatusView(CaseStatus.FromJournal(InCase(call).Journal.Path), call.Arguments.Int("--last")!.Value),
            r => Counted.Of(r.Status.Actions, "action"), _ => [],
            (r, _) => CaseStatusView.Text(r),
            r => r.Status, "print the whole status as JSON (name, journalPath, evidenceRoot, analysts, actions, evidenceManifest, entries, damagedLines, …)")
        {
            NeedsCase = "the status is read from the case's journal",
            Journaled = false,
        },
        new Verb<CaseReportWritten>(
            "case report",
            "Write the incident write-up from the journal and the case's evidence: self-contained HTML (opens offline) and a " +
            "Markdown twin (.md): summary, findings with their evidence rows, key timeline and swimlanes, entities, the whole " +
            "timeline, the actions journal and the evidence manifest with hashes.",
            [new VerbOption("--out", "output file; default report.html in the case folder (the .md beside it)", ValueName: "FILE")],
            call =>
            {
                var session = InCase(call);
                return IncidentWriteUp.WriteAsync(session.Journal.Path, call.Arguments.Value("--out"), call.Clock, Directory.GetCurrentDirectory(), session.Evidence.Recorder,
                    cancellationToken: call.Cancellation);
            },
            r => $"wrote {r.Path} and {Path.GetFileName(r.MarkdownPath)} ({Counted.Of(r.Findings, "finding")}, {Counted.Of(r.TimelineRows, "timeline row")}, {Counted.Of(r.Actions, "action")}, {Counted.Of(r.EvidenceFiles, "evidence file")})",
            _ => [],
            (r, _) => TextTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(r)),
            r => r, "print what was written as JSON (case, path, markdownPath, actions, evidenceFiles, findings, timelineRows, …)")
        {
            NeedsCase = "the write-up is made from the case's journal",
        },
        ConfirmVerb.Declaration,
    ];

    private static OpenedCase Open(VerbCall call)
    {
        ScratchSpace scratch;
        try
        {
            scratch = ScratchSpace.From(call.Arguments.Value("--scratch"), call.Arguments.Value("--scratch-limit"));
        }
        catch (ArgumentException e)
        {
            throw new VerbUsageException("case open: --scratch-limit: " + e.Message);
        }

        var request = new CaseOpenRequest(call.Arguments.Required("--name"), call.Arguments.Required("--evidence"), call.Arguments.Value("--journal"),
            call.Arguments.Value("--case-dir"), call.Arguments.Flag("--hash"), scratch);
        var (session, inventory) = CaseSession.Open(request, call.Clock, Environment.UserName, Environment.MachineName, Directory.GetCurrentDirectory(), call.Progress);
        return new OpenedCase(session, CaseOpened.From(session, inventory));
    }

    /// <summary>The case a verb that needs one runs in (the front ends give it one, <see cref="VerbDeclaration.NeedsCase"/>).</summary>
    private static CaseSession InCase(VerbCall call) => call.Case ?? throw new InvalidOperationException("a verb that needs a case was called without one");
}
