using System.Globalization;
using EksIr.Core.Cases;
using EksIr.Core.Reporting;

namespace EksIr.Reporting;

/// <summary>
/// The rows an analyst sees for case results. HTML (notebook, report) and text (CLI, text/plain) renderers are
/// built over these same rows.
/// </summary>
public static class CaseViews
{
    public static readonly string[] FieldHeaders = ["Field", "Value"];

    public static IReadOnlyList<IReadOnlyList<string?>> Summary(CaseOpened opened) =>
    [
        ["Case", opened.Name],
        ["Evidence (read-only)", opened.EvidenceRoot],
        ["Evidence files", $"{N(opened.Inventory.Files)} ({ByteSize.Format(opened.Inventory.TotalBytes)}), {N(opened.Inventory.SymbolicLinks)} symbolic links"],
        ["Hashed at intake", opened.Inventory.Hashed > 0 ? N(opened.Inventory.Hashed) : "no (add --hash to hash every file)"],
        ["Unreadable", opened.Inventory.Unreadable.Count == 0 ? "none" : string.Join("; ", opened.Inventory.Unreadable)],
        ["Case folder", opened.CaseDirectory],
        ["Journal", opened.JournalPath],
        ["Case context", Context(opened.Context)],
    ];

    /// <summary>The case's confirmed entities on one line: what later verbs default to.</summary>
    public static string Context(IReadOnlyList<ConfirmedEntity> entities) =>
        entities.Count == 0
            ? "no entity confirmed yet (case confirm, or --confirm on a GuardDuty finding, pod or node card)"
            : string.Join("; ", entities.Select(e => $"{e.Kind} {e.Value}"));

    public static readonly string[] ContextHeaders = ["Kind", "Entity", "Confirmed from", "When (UTC)", "By"];

    /// <summary>The case's confirmed entities, each with where it came from.</summary>
    public static IEnumerable<IReadOnlyList<string?>> ContextRows(CaseContext context) => ContextRows(context.Current);

    /// <summary>Entities (the case's, or those one <c>case confirm</c> named), each with where it came from.</summary>
    public static IEnumerable<IReadOnlyList<string?>> ContextRows(IEnumerable<ConfirmedEntity> entities) =>
        entities.Select(e => (IReadOnlyList<string?>)[e.Kind, e.Value, e.Source, CaseReportHtml.Time(e.Time), e.Analyst]);

    public static IReadOnlyList<IReadOnlyList<string?>> Summary(CaseStatus status) =>
    [
        ["Case", status.Name],
        ["Evidence", status.EvidenceRoot],
        ["Journal", status.JournalPath],
        ["Analysts", string.Join(", ", status.Analysts)],
        ["First action (UTC)", CaseReportHtml.Time(status.FirstEntry)],
        ["Last action (UTC)", CaseReportHtml.Time(status.LastEntry)],
        ["Actions", $"{N(status.Actions)} ({N(status.FailedActions)} failed)"],
        ["Evidence files read", N(status.EvidenceManifest.Count)],
        ["Case context", Context(status.Context.Current)],
        ["Damaged journal lines", status.DamagedLines.Count == 0 ? "none" : string.Join("; ", status.DamagedLines.Select(d => $"line {d.Line}: {d.Reason}"))],
    ];

    public static readonly string[] ActionHeaders = ["Time (UTC)", "Analyst", "Verb", "Outcome", "Summary"];

    public static IEnumerable<IReadOnlyList<string?>> Actions(CaseStatus status, int last) =>
        status.Entries.TakeLast(last).Select(e => (IReadOnlyList<string?>)
            [CaseReportHtml.Time(e.Time), e.Analyst, e.Verb, e.Outcome.ToString().ToLowerInvariant(), e.Summary]);

    public static IReadOnlyList<IReadOnlyList<string?>> Summary(CaseReportWritten report) =>
    [
        ["Case", report.Case],
        ["Report", report.Path],
        ["Markdown", report.MarkdownPath ?? ""],
        ["Findings", N(report.Findings)],
        ["Timeline rows", N(report.TimelineRows)],
        ["Actions", N(report.Actions)],
        ["Evidence files in manifest", N(report.EvidenceFiles)],
        ["Damaged journal lines skipped", N(report.DamagedJournalLines)],
    ];

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
