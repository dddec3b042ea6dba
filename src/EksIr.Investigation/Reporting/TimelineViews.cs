using EksIr.Core.Evidence;
using System.Globalization;
using System.Net;
using System.Text;
using EksIr.Disk.Containers;
using EksIr.Core.Reporting;
using EksIr.Investigation.Entities;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Reporting;

/// <summary>Rows of the super-timeline and of an entity chain, as text tables (CLI) and HTML (notebook, write-up).</summary>
public static class TimelineViews
{
    public static readonly string[] Headers = ["Time (UTC)", "Source", "What", "Summary", "Entities", "Row"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(IEnumerable<IncidentEvent> events) =>
        events.Select(e => (IReadOnlyList<string?>)[e.Time.ToString(), e.Source, e.Action, e.Summary, Entities(e), e.Id]);

    /// <summary>Narrow rows for a terminal: time, source, summary, and the row's id (what #!finding --rows and case confirm --row cite).</summary>
    public static IEnumerable<IReadOnlyList<string?>> ShortRows(IEnumerable<IncidentEvent> events) =>
        events.Select(e => (IReadOnlyList<string?>)[e.Time.ToString(), e.Source, Clip(e.Summary, 140), e.Id]);

    public static readonly string[] ShortHeaders = ["Time (UTC)", "Source", "Summary", "Row"];

    public static readonly string[] SourceHeaders = ["Source", "Read from", "Rows", "Duplicates dropped"];

    public static IEnumerable<IReadOnlyList<string?>> SourceRows(SuperTimeline timeline) =>
        timeline.Sources.Select(s => (IReadOnlyList<string?>)[s.Source, s.Where, s.Rows.ToString("N0", CultureInfo.InvariantCulture), s.Duplicates.ToString("N0", CultureInfo.InvariantCulture)]);

    public static string Entities(IncidentEvent e) => string.Join(", ", e.Entities.Select(x => x.ToString()));

    public static readonly string[] ChainHeaders = ["Links", "Kind", "Entity", "Linked from", "Rows", "Evidence"];

    /// <summary>One line per entity of a chain; the evidence column the first rows behind its link, "(+N more)" after.</summary>
    public static IEnumerable<IReadOnlyList<string?>> ChainRows(EntityChain chain, int rowsPerLink = 3) =>
        chain.Steps.Select(s => (IReadOnlyList<string?>)
        [
            s.Hops.ToString(CultureInfo.InvariantCulture), s.Entity.Kind, s.Entity.Value, s.Via?.ToString() ?? "(start)",
            s.Evidence.Count.ToString(CultureInfo.InvariantCulture),
            string.Join("; ", s.Evidence.Take(rowsPerLink).Select(Line)) + (s.Evidence.Count > rowsPerLink ? $" (+{s.Evidence.Count - rowsPerLink} more)" : ""),
        ]);

    public static string Line(IncidentEvent e) => $"{e.Time} {e.Source}: {Clip(e.Summary, 200)}";

    /// <summary>The timeline as HTML: swimlanes, the rows (sortable by the table's header script if the host adds one), sources, problems.</summary>
    public static string Html(TimelineView view, string? tableClass = "eksir-table")
    {
        var html = new StringBuilder();
        html.Append("<div>").Append(SwimlaneChart.Render(view.Rows, highlight: view.Entity)).Append("</div>").Append(Zoom(view.Rows));
        html.Append(HtmlTable.Render(Headers, Rows(view.Rows), (tableClass is null ? "" : tableClass + " ") + Styles.OneLineRows));
        if (view.Rows.Count < view.Matching)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"warning\">{view.Matching - view.Rows.Count:N0} more rows not shown: narrow with --start/--end, --source or --entity, raise --limit, or export them all (--export)</p>");
        }

        html.Append("<details><summary>Sources</summary>").Append(HtmlTable.Render(SourceHeaders, SourceRows(view.Timeline))).Append("</details>");
        html.Append(Problems(view.Timeline.Problems, view.Timeline.Notes));
        return html.ToString();
    }

    /// <summary>
    /// Under a chart whose axis is broken at quiet gaps: each stretch with events as the window that shows it alone
    /// (--start/--end), so the analyst can zoom without a script or the network. Empty when the axis is whole.
    /// </summary>
    public static string Zoom(IReadOnlyList<IncidentEvent> rows)
    {
        var stretches = SwimlaneChart.Stretches(rows);
        return stretches.Count < 2 ? "" : "<p class=\"eksir-note\">Zoom on a stretch: " + string.Join("; ", stretches.Select(s =>
            WebUtility.HtmlEncode($"{s.Rows:N0} {(s.Rows == 1 ? "row" : "rows")}: ") + $"<code>--start {s.Start} --end {s.End}</code>")) + "</p>";
    }

    public static string Text(TimelineView view) =>
        view.Summary + "\n" + TextTable.Render(ShortHeaders, ShortRows(view.Rows))
        + (view.Rows.Count < view.Matching ? $"{view.Matching - view.Rows.Count:N0} more rows not shown (--limit, --start/--end, --source, --entity)\n" : "")
        + string.Concat(view.Timeline.Notes.Select(n => n + "\n")) + string.Concat(view.Timeline.Problems.Select(p => $"problem: {p}\n"));

    /// <summary>The chain as HTML: one row per entity, the rows behind its link folded under a count.</summary>
    public static string ChainHtml(EntityChain chain)
    {
        var html = new StringBuilder("<table class=\"eksir-table\"><thead><tr>");
        foreach (var h in ChainHeaders)
        {
            html.Append("<th>").Append(Enc(h)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var s in chain.Steps)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{s.Hops}</td><td>{Enc(s.Entity.Kind)}</td><td><b>{Enc(s.Entity.Value)}</b></td><td>{Enc(s.Via?.ToString() ?? "(start)")}</td><td>{s.Evidence.Count}</td><td>");
            if (s.Evidence.Count > 0)
            {
                html.Append("<details><summary>").Append(Enc(Line(s.Evidence[0]))).Append("</summary><ul>");
                foreach (var e in s.Evidence)
                {
                    html.Append("<li>").Append(Enc(Line(e))).Append(" <small>").Append(Enc(e.Evidence.ToString())).Append("</small></li>");
                }

                html.Append("</ul></details>");
            }

            html.Append("</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    public static string Problems(IReadOnlyList<EvidenceProblem> problems, IEnumerable<string> notes)
    {
        var html = new StringBuilder();
        foreach (var note in notes)
        {
            html.Append("<p class=\"eksir-note\">").Append(Enc(note)).Append("</p>");
        }

        if (problems.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<details open><summary class=\"warning\">{Counted.Of(problems.Count, "problem")} reading the evidence</summary><ul>");
            foreach (var p in problems)
            {
                html.Append("<li>").Append(Enc(p.ToString())).Append("</li>");
            }

            html.Append("</ul></details>");
        }

        return html.ToString();
    }

    private static string Clip(string text, int max) => text.Length > max ? text[..max] + "…" : text;

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
