using System.Text;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Investigation.WriteUp;

/// <summary>
/// The write-up as Markdown (for a ticket or a wiki): summary, findings with their evidence rows, key timeline,
/// entities, actions and the evidence manifest. The whole timeline and the swimlanes are in the HTML.
/// </summary>
public static class WriteUpMarkdown
{
    public static string Render(IncidentWriteUpModel m, DateTimeOffset generatedAt)
    {
        var status = m.Status;
        var md = new StringBuilder();
        md.Append("# Case ").Append(Text(status.Name)).Append(" — incident report\n\n## Summary\n\n");
        Table(md, ["", ""], [.. WriteUpFacts.Rows(m), .. CaseReportHtml.SummaryRows(status, generatedAt)]);
        foreach (var note in m.Notes)
        {
            md.Append("> **Note:** ").Append(Text(note)).Append("\n\n");
        }

        var n = 0;
        foreach (var f in m.Findings)
        {
            md.Append(++n).Append(". ").Append(Text(f.Finding.Title)).Append(f.Rows.Count > 0 ? $" (from {f.Rows[0].Time})" : "").Append('\n');
        }

        md.Append("\n## Case context\n\n");
        if (status.Context.Current.Count == 0)
        {
            md.Append("No entity confirmed (case confirm, or --confirm on a GuardDuty finding, pod or node card).\n\n");
        }
        else
        {
            Table(md, CaseViews.ContextHeaders, CaseViews.ContextRows(status.Context));
        }

        foreach (var r in status.Context.Retracted)
        {
            md.Append("> **Retracted:** ").Append(Text($"{r.Entity.Kind} {r.Entity.Value} ({CaseReportHtml.Time(r.Time)}): {r.Reason}")).Append("\n\n");
        }

        md.Append("## Findings\n\n");
        if (m.Findings.Count == 0)
        {
            md.Append("No finding recorded yet.\n\n");
        }

        n = 0;
        foreach (var f in m.Findings)
        {
            md.Append("### ").Append(++n).Append(". ").Append(Text(f.Finding.Title)).Append(" (").Append(Text(f.Finding.Id)).Append(")\n\n");
            if (f.Finding.Detail is { } detail)
            {
                md.Append(Text(detail)).Append("\n\n");
            }

            Table(md, WriteUpHtml.RowHeaders, WriteUpHtml.Rows(f.Rows));
            if (f.Missing.Count > 0)
            {
                md.Append("> **Not in this report's timeline:** ").Append(Text(string.Join(", ", f.Missing))).Append("\n\n");
            }
        }

        if (m.Timeline is { } timeline)
        {
            md.Append("## Timeline\n\n").Append(Text(timeline.Summary)).Append("\n\nKey events (the rows the findings cite, and GuardDuty's):\n\n");
            Table(md, WriteUpHtml.RowHeaders, WriteUpHtml.Rows(m.KeyRows));
            md.Append("## Entities\n\n");
            Table(md, WriteUpFacts.EntityHeaders, WriteUpFacts.EntityRows(m));
        }

        md.Append("## Actions\n\n");
        if (WriteUpHtml.StepRows(status) is { Count: > 0 } steps)
        {
            md.Append("### Containment and acquisition steps\n\n");
            Table(md, WriteUpHtml.StepHeaders, steps);
            md.Append("### Journal\n\n");
        }

        Table(md, CaseReportHtml.ActionHeaders, CaseReportHtml.ActionRows(status));
        if (m.FindingHistory.Count > 0)
        {
            md.Append("### Finding history\n\n");
            Table(md, WriteUpHtml.HistoryHeaders, WriteUpHtml.HistoryRows(m.FindingHistory));
        }

        md.Append("## Evidence manifest\n\n");
        if (status.EvidenceManifest.Count == 0)
        {
            md.Append("No evidence file has been read yet.\n");
        }
        else
        {
            Table(md, CaseReportHtml.ManifestHeaders, CaseReportHtml.ManifestRows(status));
        }

        return md.ToString();
    }

    private static void Table(StringBuilder md, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        md.Append("| ").Append(string.Join(" | ", headers.Select(Cell))).Append(" |\n|").Append(string.Concat(headers.Select(_ => "---|"))).Append('\n');
        foreach (var row in rows)
        {
            md.Append("| ").Append(string.Join(" | ", row.Select(c => Cell(c ?? "")))).Append(" |\n");
        }

        md.Append('\n');
    }

    /// <summary>A table cell: pipes escaped, line breaks as &lt;br&gt;, Markdown and HTML specials escaped (evidence text is hostile).</summary>
    private static string Cell(string text) => Text(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    private static string Text(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '*' or '_' or '`' or '[' or ']' or '\\' or '#' => "\\" + c,
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
