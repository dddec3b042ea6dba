using System.Globalization;
using EksIr.Cli.CommandLine;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;
using EksIr.Investigation;
using EksIr.Investigation.Reporting;
using EksIr.Investigation.Timeline;
using EksIr.Investigation.WriteUp;
using EksIr.Core.Cases;

namespace EksIr.Cli.Verbs;

/// <summary>The options the investigation verbs share: the window and where each source is inside the evidence.</summary>
internal static class TimelineOptions
{
    public static readonly IReadOnlyDictionary<string, string> Values = ScratchOptions.With(new Dictionary<string, string>
    {
        ["--start"] = "from this time (ISO 8601, UTC unless it says otherwise)",
        ["--end"] = "until this time",
        ["--cloudtrail"] = "CloudTrail folder inside EVIDENCE (default cloudtrail/; - leaves it out)",
        ["--control-plane"] = "control-plane log exports (default control-plane/)",
        ["--guardduty"] = "GuardDuty findings (default guardduty/)",
        ["--memory"] = "Volatility output (default memory/volatility/)",
        ["--node"] = "the node's folder or .tar/.tar.gz (default the first node/*.tar.gz)",
    });

    public static TimelineRequest Request(ParsedArgs args, string? source = null, string? entity = null, int limit = int.MaxValue) =>
        new(args.Value("--start"), args.Value("--end"), args.Value("--cloudtrail"), args.Value("--control-plane"), args.Value("--guardduty"),
            args.Value("--memory"), args.Value("--node"), source, entity, limit);

    public static int Number(ParsedArgs args, string option, int fallback) =>
        args.Value(option) is not { } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new CliException($"{option} {text}: not a number", usage: true);
}

/// <summary><c>eksir supertimeline EVIDENCE [--start T] [--end T] [--source S] [--entity X] [--format table|timesketch|csv]</c></summary>
public sealed class SuperTimelineVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "supertimeline",
        "supertimeline EVIDENCE [--start T] [--end T] [--source S] [--entity X] [--format table|timesketch|csv] [--cloudtrail DIR] [--control-plane DIR] [--guardduty DIR] [--memory DIR] [--node PATH] [--json]",
        "One UTC timeline over an incident's evidence folder: CloudTrail, the Kubernetes audit log and the other control-plane\n" +
        "logs, GuardDuty findings, process starts from memory (Volatility), and the node's containers (creation, file MAC\n" +
        "times, logs), each event once with its source and the entities it names. Sources are found where the playbooks\n" +
        "put them (cloudtrail/, control-plane/, guardduty/, memory/volatility/, node/*.tar.gz) unless named.\n" +
        "--format timesketch prints Timesketch JSON lines, csv prints CSV (redirect to a file to import).",
        ["EVIDENCE"],
        new Dictionary<string, string>(TimelineOptions.Values)
        {
            ["--source"] = "only rows from this source (" + string.Join(", ", TimelineSources.All) + ")",
            ["--entity"] = "only rows naming this entity (access key, ARN, user, pod, container id, PID, IP, or kind:value)",
            ["--format"] = "table (default), timesketch or csv",
        },
        new Dictionary<string, string> { ["--json"] = "print a JSON array of rows: time, source, action, summary, entities[{kind, value}], evidence{file, where}, id" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var format = args.Value("--format") ?? "table";
        if (format is not ("table" or "timesketch" or "csv"))
        {
            throw new CliException($"supertimeline: --format is table, timesketch or csv, not '{format}'", usage: true);
        }

        var view = await new IncidentInvestigation().ShowAsync(ScratchOptions.OpenRoot(args, args.Positional(0)),
            TimelineOptions.Request(args, args.Value("--source"), args.Value("--entity")), new SynchronousProgress<string>(console.Error.WriteLine), cancellationToken);
        if (args.Flag("--json"))
        {
            console.WriteJson(view.AllMatching);
        }
        else if (format == "table")
        {
            console.Out.Write(TextTable.Render(TimelineViews.ShortHeaders, TimelineViews.ShortRows(view.Rows)));
            console.Error.WriteLine(view.Summary);
        }
        else
        {
            console.Out.Write(TimelineExport.Render(view.AllMatching, format));
        }

        foreach (var note in view.Timeline.Notes)
        {
            console.Error.WriteLine(note);
        }

        console.ReportProblems(view.Timeline.Problems);
        return 0;
    }
}

/// <summary><c>eksir entity EVIDENCE ID [--hops N] [--json]</c></summary>
public sealed class EntityVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "entity",
        "entity EVIDENCE ID [--hops N] [--start T] [--end T] [--json]",
        "Every entity linked to ID (an access key, IAM ARN, Kubernetes user, pod, container id, PID or IP; or kind:value)\n" +
        "across the incident's sources, nearest first, with the timeline rows behind each link: access key → ARN\n" +
        "(CloudTrail), ARN → user (authenticator), user → pod (audit), pod → container (containerd), container → PIDs (memory).",
        ["EVIDENCE", "ID"],
        new Dictionary<string, string>(TimelineOptions.Values) { ["--hops"] = "how many links to follow (default 6)" },
        new Dictionary<string, string> { ["--json"] = "print the chain: steps[{entity{kind, value}, hops, via, evidence[{time, source, action, summary, evidence, id}]}]" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var view = await new IncidentInvestigation().ChainAsync(ScratchOptions.OpenRoot(args, args.Positional(0)), TimelineOptions.Request(args), args.Positional(1),
            TimelineOptions.Number(args, "--hops", 6), new SynchronousProgress<string>(console.Error.WriteLine), cancellationToken);
        if (args.Flag("--json"))
        {
            console.WriteJson(view.Chain);
        }
        else
        {
            console.Out.Write(TextTable.Render(TimelineViews.ChainHeaders, TimelineViews.ChainRows(view.Chain, 1)));
            console.Error.WriteLine(view.Chain.Summary);
        }

        console.ReportProblems(view.Timeline.Problems);
        return 0;
    }
}

/// <summary><c>eksir check QUESTION ANSWER [--kind K] [--expect SHA256] [--hint H]</c></summary>
public sealed class CheckVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "check",
        "check QUESTION ANSWER [--kind text|time|set|number] [--expect SHA256] [--hint H] [--json]",
        "A training exercise's answer check, as #!check does it: prints correct / not yet / no answer (exit 0 only when\n" +
        "correct). Without --expect it prints the value a check cell's --expect holds for ANSWER (for exercise authors).",
        ["QUESTION", "ANSWER"],
        new Dictionary<string, string>
        {
            ["--kind"] = "how answers are compared: text (default), time (UTC HH:mm:ss), set (order-free list) or number",
            ["--expect"] = "the expected answer's check value",
            ["--hint"] = "shown when the answer is not right yet",
        },
        new Dictionary<string, string> { ["--json"] = "print the check: question, verdict (correct, incorrect, unanswered), answer, normalized, hint; or {expect} without --expect" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (question, answer, kind) = (args.Positional(0), args.Positional(1), args.Value("--kind") ?? "text");
        if (args.Value("--expect") is not { } expect)
        {
            var value = EksIr.Investigation.Training.AnswerCheck.Expect(question, answer, kind);
            if (args.Flag("--json"))
            {
                console.WriteJson(new { expect = value });
            }
            else
            {
                console.Out.WriteLine(value);
            }

            return Task.FromResult(0);
        }

        var result = EksIr.Investigation.Training.AnswerCheck.Check(question, answer, kind, expect, args.Value("--hint"));
        if (args.Flag("--json"))
        {
            console.WriteJson(result);
        }
        else
        {
            console.Out.WriteLine(result.Summary);
        }

        return Task.FromResult(result.Verdict == EksIr.Investigation.Training.AnswerVerdict.Correct ? 0 : 1);
    }
}

/// <summary><c>eksir finding --journal FILE --title T [--detail D] [--rows ID,…] [--entity X]</c></summary>
public sealed class FindingVerb(TimeProvider clock) : IVerb
{
    public VerbSpec Spec { get; } = new(
        "finding",
        "finding --journal FILE --title T [--detail D] [--rows ROW,…] [--entity X] [--json]",
        "Record a finding in a case's journal, as #!finding does: its evidence is super-timeline rows by id (the Row column)\n" +
        "and/or every row naming an entity, checked against the timeline the journal's last supertimeline asked for.\n" +
        "eksir case report then writes it into the write-up with those rows.",
        [],
        new Dictionary<string, string>
        {
            ["--journal"] = "the case journal (eksir case open makes it)",
            ["--title"] = "what was found, in one line",
            ["--detail"] = "what it means, how it was established",
            ["--rows"] = "super-timeline row ids, comma-separated",
            ["--entity"] = "cite every row naming this entity",
        },
        new Dictionary<string, string> { ["--json"] = "print the finding and its evidence rows" },
        Required: new HashSet<string> { "--journal", "--title" });

    public async Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var session = CaseSession.Resume(Path.GetFullPath(args.Value("--journal")!), clock, Environment.UserName, Environment.MachineName);
        var options = args.ForJournal();
        options.Remove("--journal");
        options.Remove("--json");
        RecordedFinding finding;
        try
        {
            finding = await new IncidentInvestigation().FindingAsync(session.Evidence, session.Journal.Path, args.Value("--title")!, args.Value("--detail"),
                args.Value("--rows"), args.Value("--entity"), new SynchronousProgress<string>(console.Error.WriteLine), cancellationToken);
        }
        catch (Exception e) when (e is InvestigationException or EvidenceAccessException)
        {
            session.Record(CaseFinding.Verb, options, JournalOutcome.Failed, e.Message);
            throw;
        }

        session.Record(CaseFinding.Verb, options, JournalOutcome.Ok, finding.Summary);
        if (args.Flag("--json"))
        {
            console.WriteJson(finding);
        }
        else
        {
            console.Out.Write(TextTable.Render(TimelineViews.ShortHeaders, TimelineViews.ShortRows(finding.Evidence)));
            console.Error.WriteLine(finding.Summary);
        }

        return 0;
    }
}
