using System.Runtime.CompilerServices;
using EksIr.Core.Cases;
using EksIr.Core.Reporting;
using EksIr.Investigation;
using EksIr.Investigation.Reporting;
using EksIr.Investigation.Timeline;
using EksIr.Investigation.WriteUp;

namespace EksIr.Verbs.AcrossSources;

/// <summary>
/// The verbs across an incident's sources: the super-timeline, the entity chain over it, and a finding cited from it.
/// In a case the timeline built is kept for the next verb of that case (a chain, a finding over the same window).
/// </summary>
public static class InvestigationVerbs
{
    /// <summary>The incident's evidence folder: EVIDENCE on the command line, the case's evidence in a cell.</summary>
    private static readonly VerbOption Evidence =
        new("--evidence", "the incident's evidence folder (guardduty/, cloudtrail/, control-plane/, memory/volatility/, node/)", Default: ".", Evidence: true, Placeholder: "EVIDENCE", Archive: true);

    /// <summary>The window and where each source is inside the evidence, when not where the playbooks put it.</summary>
    private static readonly VerbOption[] Sources =
    [
        new("--start", "from this time (ISO 8601, UTC unless it says otherwise)"),
        new("--end", "until this time"),
        new("--cloudtrail", "CloudTrail folder inside the evidence (default cloudtrail/; - leaves it out)"),
        new("--control-plane", "control-plane log exports inside the evidence (default control-plane/)"),
        new("--guardduty", "GuardDuty findings inside the evidence (default guardduty/)"),
        new("--memory", "Volatility output inside the evidence (default memory/volatility/)"),
        new("--node", "the node's folder or .tar/.tar.gz inside the evidence, or its name under node/ (default: every node/*.tar.gz, each row labelled with its node)"),
    ];

    private static readonly string[] Formats = ["table", "timesketch", "csv"];

    /// <summary>Each case's investigation (its last timeline kept); none kept without a case.</summary>
    private static readonly ConditionalWeakTable<CaseSession, IncidentInvestigation> ByCase = new();

    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<TimelineView>(
            "supertimeline",
            "One UTC timeline over an incident's evidence: CloudTrail, the Kubernetes audit log and the other control-plane logs, " +
            "GuardDuty findings, process starts from memory (Volatility) and the node's containers (creation, file MAC times, logs), " +
            "each event once with its source and the entities it names, as a table (and swimlanes in a notebook). Sources are found where the playbooks " +
            "put them (cloudtrail/, control-plane/, guardduty/, memory/volatility/, node/*.tar.gz) unless named. --export writes every " +
            "matching row for Timesketch (.jsonl) or as CSV (.csv).",
            [
                Evidence,
                .. Sources,
                VerbOption.List("--source", "only rows from these sources (" + string.Join(", ", TimelineSources.All) + "; or audit, disk)"),
                VerbOption.List("--exclude-source", "leave out rows from these sources"),
                VerbOption.Flag("--noise", "show the " + RoutineNoise.Described + " too (hidden by default, and counted)"),
                new VerbOption("--entity", "only rows naming this entity (an access key, ARN, user, pod, container id, PID, IP; or kind:value)"),
                new VerbOption("--limit", "rows shown in the table; --json, --export and --format timesketch or csv have them all", Default: "500"),
                new VerbOption("--export", "write every matching row to this file (in the case folder unless absolute; never inside the evidence)"),
                new VerbOption("--format", "table, timesketch or csv: the rows printed on a command line, and --export's format (default: table; an export by its file's extension)"),
            ],
            SuperTimeline,
            r => r.Summary, r => r.Timeline.Problems,
            (r, call) => Format(call) is null or "table"
                ? TextTable.Render(TimelineViews.ShortHeaders, TimelineViews.ShortRows(r.Rows))
                : TimelineExport.Render(r.AllMatching, Format(call)),
            r => r.AllMatching, "print a JSON array of rows: time, source, action, summary, entities[{kind, value}], evidence{file, where}, id",
            notes: r => [r.Summary, .. r.NoiseNote is { } noise ? [noise] : Array.Empty<string>(), .. r.Timeline.Notes]),
        new Verb<EntityChainView>(
            "entity",
            "Every entity linked to ID (an access key, IAM ARN, Kubernetes user, pod, container id, PID or IP; or kind:value) across " +
            "the incident's sources, nearest first, with the timeline rows behind each link: access key → ARN (CloudTrail), ARN → user " +
            "(authenticator), user → pod (audit), pod → container (containerd), container → PIDs (memory).",
            [
                Evidence,
                new VerbOption("--id", "the entity: a value as the sources write it, a pod name, a container id prefix, or kind:value", Required: true, Implicit: true, Placeholder: "ID"),
                new VerbOption("--hops", "how many links to follow", Default: "6"),
                .. Sources,
            ],
            call => Investigation(call).ChainAsync(call.NodeRoot("--evidence"), Request(call), call.Arguments.Required("--id"), call.Arguments.Int("--hops")!.Value,
                call.Progress, call.Cancellation),
            r => r.Chain.Summary, r => r.Timeline.Problems,
            (r, _) => TextTable.Render(TimelineViews.ChainHeaders, TimelineViews.ChainRows(r.Chain, 1)),
            r => r.Chain, "print the chain: steps[{entity{kind, value}, hops, via, evidence[{time, source, action, summary, evidence, id}]}]",
            notes: r => [r.Chain.Summary]),
        new Verb<RecordedFinding>(
            CaseFinding.Verb,
            "Record a finding in the case (on a command line, the case of --journal) with the evidence behind it, for the write-up: super-timeline rows by id (the Row column) " +
            "and/or every row naming an entity, checked against the timeline the case's last supertimeline asked for. Recording the same --id again updates it " +
            "(without --id, a finding's id comes from its title, so a playbook run again does not add it twice); --supersedes replaces another finding, " +
            "--retract withdraws one, each with --reason.",
            [
                new VerbOption("--title", "what was found, in one line"),
                new VerbOption("--detail", "what it means, how it was established"),
                VerbOption.List("--rows", "super-timeline row ids (the Row column), comma-separated or the option repeated"),
                new VerbOption("--entity", "cite every row naming this entity"),
                new VerbOption(CaseFinding.IdOption, "the finding's id, to update it or refer to it later (default: F- and six hex digits made from the title)"),
                new VerbOption(CaseFinding.SupersedesOption, "the id of the finding this one replaces (it stays in the report's history, marked superseded)"),
                VerbOption.Flag(CaseFinding.RetractOption, "withdraw the finding --id (it stays in the report's history, marked retracted)"),
                new VerbOption(CaseFinding.ReasonOption, "why a finding is superseded or retracted"),
            ],
            Finding,
            r => r.Summary, _ => [],
            (r, _) => TextTable.Render(TimelineViews.ShortHeaders, TimelineViews.ShortRows(r.Evidence)),
            r => r, "print the finding and its evidence rows",
            notes: r => [r.Summary])
        {
            NeedsCase = "a finding is recorded in a case",
        },
    ];

    private static async Task<TimelineView> SuperTimeline(VerbCall call)
    {
        var format = Format(call);
        if (format is not null && !Formats.Contains(format))
        {
            throw new VerbUsageException($"supertimeline: --format is {string.Join(", ", Formats[..^1])} or {Formats[^1]}, not '{format}'");
        }

        var export = call.Arguments.Value("--export");
        if (export is not null && format == "table")
        {
            throw new VerbUsageException("supertimeline: --export writes timesketch or csv, not a table");
        }

        var root = call.NodeRoot("--evidence");
        if (call.Case is { } session && root.FullPath != session.Evidence.FullPath)
        {
            throw new CaseException($"supertimeline: in a case the timeline is over the case's evidence folder {session.Evidence.FullPath} (the write-up and findings " +
                "build it there again); name a source elsewhere with --cloudtrail, --control-plane, --guardduty, --memory or --node");
        }

        var request = Request(call) with
        {
            Source = Joined(call.Arguments.List("--source")),
            ExcludeSource = Joined(call.Arguments.List("--exclude-source")),
            Noise = call.Arguments.Flag("--noise"),
            Entity = call.Arguments.Value("--entity"),
            Limit = call.Arguments.Int("--limit")!.Value,
        };
        try
        {
            request.Filter(); // a name that is no source is a command line to mend, like a value that is not a time
        }
        catch (InvestigationException e)
        {
            throw new VerbUsageException("supertimeline: " + e.Message);
        }

        var view = await Investigation(call).ShowAsync(root, request, call.Progress, call.Cancellation);
        return export is null ? view : view with { ExportedTo = VerbExports.Write(call, export, TimelineExport.Render(view.AllMatching, format, export)) };
    }

    private static Task<RecordedFinding> Finding(VerbCall call)
    {
        var session = call.Case ?? throw new InvalidOperationException($"{CaseFinding.Verb} declares that it needs a case; the front end gives it one");
        var rows = call.Arguments.List("--rows");
        var request = new FindingRequest(call.Arguments.Value("--title"), call.Arguments.Value("--detail"), rows.Count == 0 ? null : string.Join(",", rows),
            call.Arguments.Value("--entity"), call.Arguments.Value(CaseFinding.IdOption), call.Arguments.Value(CaseFinding.SupersedesOption),
            call.Arguments.Flag(CaseFinding.RetractOption), call.Arguments.Value(CaseFinding.ReasonOption));
        return Investigation(call).FindingAsync(session.Evidence, session.Journal.Path, request, call.Progress, call.Cancellation);
    }

    private static TimelineRequest Request(VerbCall call)
    {
        string? V(string option) => call.Arguments.Value(option);
        return new TimelineRequest(V("--start"), V("--end"), V("--cloudtrail"), V("--control-plane"), V("--guardduty"), V("--memory"), V("--node"))
        {
            CaseFolder = call.Case?.CaseDirectory,
        };
    }

    private static string? Joined(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(",", values);

    private static string? Format(VerbCall call) => call.Arguments.Value("--format") is "jsonl" ? "timesketch" : call.Arguments.Value("--format");

    /// <summary>The investigation engine of the call's case (its last timeline kept for the next verb), or a new one.</summary>
    internal static IncidentInvestigation For(VerbCall call) => Investigation(call);

    private static IncidentInvestigation Investigation(VerbCall call) => call.Case is { } session ? ByCase.GetValue(session, _ => new IncidentInvestigation()) : new IncidentInvestigation();
}
