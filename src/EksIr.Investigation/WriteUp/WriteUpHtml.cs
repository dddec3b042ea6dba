using System.Globalization;
using System.Net;
using System.Text;
using EksIr.Core.Cases;
using EksIr.Core.Reporting;
using EksIr.Reporting;
using EksIr.Investigation.Reporting;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.WriteUp;

/// <summary>
/// The incident write-up as one self-contained HTML file (inline CSS and SVG, no script, nothing fetched: it opens
/// offline): summary, findings with the evidence behind each, the key timeline with swimlanes, the entities, the whole
/// timeline (folded), the actions journal and the evidence manifest with hashes.
/// </summary>
public static class WriteUpHtml
{
    /// <summary>Each step of every containment and acquisition plan the case ran: executed, dry run only, failed or not done, and its undo.</summary>
    public static readonly string[] StepHeaders = ["Time (UTC)", "Analyst", "Verb", "Step", "Target", "Status", "Outcome", "Undo"];

    public static IReadOnlyList<string[]> StepRows(CaseStatus status) =>
        [.. PlanStepRecord.FromJournal(status.Entries).Select(r =>
            new[] { CaseReportHtml.Time(r.Time), r.Analyst, r.Verb, r.Step.Action, r.Step.Target, r.Status, r.Step.Outcome, r.Step.Rollback })];

    /// <summary>Every change to the case's findings, oldest first, as the journal holds them.</summary>
    public static readonly string[] HistoryHeaders = ["Time (UTC)", "Analyst", "Finding", "Change", "Reason"];

    public static IEnumerable<string[]> HistoryRows(IEnumerable<FindingChange> history) =>
        history.Select(c => new[] { CaseReportHtml.Time(c.Time), c.Analyst, c.Id, c.Change, c.Reason ?? "" });

    public static readonly string[] RowHeaders = ["Time (UTC)", "Source", "What", "Summary", "Evidence", "Row"];

    public static string Render(IncidentWriteUpModel m, DateTimeOffset generatedAt)
    {
        var status = m.Status;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>").Append(Enc($"Case {status.Name} — incident report")).Append("</title>");
        html.Append("<style>").Append(Styles.Report).Append("h3{margin-bottom:2px}.detail{margin:4px 0 6px}.eksir-note{color:#57606a}</style></head><body>\n");
        html.Append("<h1>").Append(Enc($"Case {status.Name} — incident report")).Append("</h1>\n");

        html.Append("<h2>Summary</h2>\n");
        html.Append(HtmlTable.Render(["", ""], [.. WriteUpFacts.Rows(m), .. CaseReportHtml.SummaryRows(status, generatedAt)], "eksir-summary"));
        html.Append(CaseReportHtml.Damaged(status));
        foreach (var note in m.Notes)
        {
            html.Append(m.Timeline is null ? "<p class=\"warning\">" : "<p class=\"eksir-note\">").Append(Enc(note)).Append("</p>\n");
        }

        if (m.Findings.Count > 0)
        {
            html.Append("<ol>");
            foreach (var f in m.Findings)
            {
                html.Append("<li>").Append(Enc(f.Finding.Title)).Append(f.Rows.Count > 0 ? Enc($" (from {f.Rows[0].Time})") : "").Append("</li>");
            }

            html.Append("</ol>\n");
        }

        html.Append("<h2>Case context</h2>\n");
        html.Append(status.Context.Current.Count == 0
            ? "<p>No entity confirmed (case confirm, or --confirm on a GuardDuty finding, pod or node card).</p>\n"
            : HtmlTable.Render(CaseViews.ContextHeaders, CaseViews.ContextRows(status.Context)));
        foreach (var r in status.Context.Retracted)
        {
            html.Append("<p class=\"eksir-note\">Retracted: ").Append(Enc($"{r.Entity.Kind} {r.Entity.Value} ({CaseReportHtml.Time(r.Time)}): {r.Reason}")).Append("</p>\n");
        }

        html.Append("<h2>Findings</h2>\n");
        if (m.Findings.Count == 0)
        {
            html.Append("<p>No finding recorded yet (#!finding --title … --rows … records one with its evidence).</p>\n");
        }

        var number = 0;
        foreach (var f in m.Findings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3 id=\"{Enc(f.Finding.Id)}\">{++number}. {Enc(f.Finding.Title)} <small>{Enc(f.Finding.Id)}</small></h3>\n");
            if (f.Finding.Detail is { } detail)
            {
                html.Append("<p class=\"detail\">").Append(Enc(detail)).Append("</p>");
            }

            html.Append("<p class=\"eksir-note\">").Append(Enc($"Recorded {CaseReportHtml.Time(f.Finding.Recorded)} by {f.Finding.Analyst}; evidence: "
                + string.Join(", ", [.. f.Finding.RowIds.Select(r => $"row {r}"), .. f.Finding.Entity is { } e ? [$"every row naming {e}"] : Array.Empty<string>()]))).Append("</p>");
            html.Append(HtmlTable.Render(RowHeaders, Rows(f.Rows)));
            if (f.Missing.Count > 0)
            {
                html.Append("<p class=\"warning\">").Append(Enc("Not in this report's timeline: " + string.Join(", ", f.Missing))).Append("</p>");
            }
        }

        if (m.Timeline is { } timeline)
        {
            html.Append("<h2>Timeline</h2>\n<p>").Append(Enc(timeline.Summary)).Append("</p>\n");
            html.Append("<h3>Key events</h3><p class=\"eksir-note\">The rows the findings cite, and GuardDuty's.</p>");
            html.Append("<div>").Append(SwimlaneChart.Render(m.KeyRows)).Append("</div>").Append(TimelineViews.Zoom(m.KeyRows));
            html.Append(HtmlTable.Render(RowHeaders, Rows(m.KeyRows)));

            html.Append("<h2>Entities</h2>\n");
            html.Append(HtmlTable.Render(WriteUpFacts.EntityHeaders, WriteUpFacts.EntityRows(m)));

            // The cluster keeping itself alive (lease heartbeats, kubelets' own status reports) is most of an audit log: the chart
            // and the table show the rest, and the routine rows stay in the report under their own count.
            var routine = timeline.Events.Where(RoutineNoise.Is).ToList();
            var shown = routine.Count == 0 ? timeline.Events : timeline.Events.Where(e => !RoutineNoise.Is(e)).ToList();
            html.Append("<h2>The whole timeline</h2>\n<div>").Append(SwimlaneChart.Render(shown)).Append("</div>").Append(TimelineViews.Zoom(shown));
            html.Append(CultureInfo.InvariantCulture, $"<details><summary>All {shown.Count:N0} rows</summary>").Append(HtmlTable.Render(RowHeaders, Rows(shown))).Append("</details>");
            if (routine.Count > 0)
            {
                html.Append("<p class=\"eksir-note\">").Append(Enc($"{Counted.Of(routine.Count, "row")} of {RoutineNoise.Described}: not in the chart and the table above, listed here")).Append("</p>");
                html.Append(CultureInfo.InvariantCulture, $"<details><summary>{Counted.Of(routine.Count, "routine row")}</summary>").Append(HtmlTable.Render(RowHeaders, Rows(routine))).Append("</details>");
            }

            html.Append(HtmlTable.Render(TimelineViews.SourceHeaders, TimelineViews.SourceRows(timeline)));
            html.Append(TimelineViews.Problems(timeline.Problems, []));
        }

        html.Append("<h2>Actions</h2>\n");
        if (StepRows(status) is { Count: > 0 } steps)
        {
            html.Append("<h3>Containment and acquisition steps</h3>\n").Append(HtmlTable.Render(StepHeaders, steps));
            html.Append("<h3>Journal</h3>\n");
        }

        html.Append(CaseReportHtml.Actions(status));
        if (m.FindingHistory.Count > 0)
        {
            html.Append("<h3>Finding history</h3>\n").Append(HtmlTable.Render(HistoryHeaders, HistoryRows(m.FindingHistory)));
        }

        html.Append("<h2>Evidence manifest</h2>\n").Append(CaseReportHtml.Manifest(status));
        html.Append("\n</body></html>\n");
        return html.ToString();
    }

    public static IEnumerable<IReadOnlyList<string?>> Rows(IEnumerable<IncidentEvent> rows) =>
        rows.Select(r => (IReadOnlyList<string?>)[r.Time.ToString(), r.Source, r.Action, r.Summary, r.Evidence.ToString(), r.Id]);

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
