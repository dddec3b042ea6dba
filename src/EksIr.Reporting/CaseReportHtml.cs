using System.Globalization;
using System.Net;
using System.Text;
using EksIr.Core.Cases;
using EksIr.Core.Reporting;

namespace EksIr.Reporting;

/// <summary>
/// The journal's sections of the case write-up as HTML (inline CSS, no scripts, no network): the case's facts, the
/// actions journal and the evidence manifest with hashes. The incident write-up (EksIr.Investigation) puts them
/// after its findings, timeline and entities.
/// </summary>
public static class CaseReportHtml
{
    /// <summary>The case's facts: evidence, journal, analysts, first and last action, counts, when the report was made.</summary>
    public static IReadOnlyList<IReadOnlyList<string?>> SummaryRows(CaseStatus status, DateTimeOffset generatedAt) =>
    [
        ["Evidence", status.EvidenceRoot ?? "(not recorded)"],
        ["Journal", Path.GetFileName(status.JournalPath)],
        ["Analysts", string.Join(", ", status.Analysts)],
        ["First action (UTC)", Time(status.FirstEntry)],
        ["Last action (UTC)", Time(status.LastEntry)],
        ["Actions", $"{status.Actions} ({status.FailedActions} failed)"],
        ["Evidence files read", status.EvidenceManifest.Count.ToString(CultureInfo.InvariantCulture)],
        ["Report generated (UTC)", Time(generatedAt)],
    ];

    public static string Damaged(CaseStatus status) =>
        status.DamagedLines.Count == 0 ? "" : "<p class=\"warning\">" + Enc(
            $"{Counted.Of(status.DamagedLines.Count, "damaged journal line")} {(status.DamagedLines.Count == 1 ? "was" : "were")} skipped: " +
            string.Join("; ", status.DamagedLines.Select(d => $"line {d.Line}: {d.Reason}"))) + "</p>\n";

    public static readonly string[] ActionHeaders = ["Time (UTC)", "Analyst", "Verb", "Options", "Outcome", "Summary", "Evidence read"];

    public static IEnumerable<IReadOnlyList<string?>> ActionRows(CaseStatus status) =>
        status.Entries.Select(e => (IReadOnlyList<string?>)
        [
            Time(e.Time), e.Analyst, e.Verb, Options(e.Options), e.Outcome.ToString().ToLowerInvariant(), e.Summary,
            e.EvidenceRead.Count.ToString(CultureInfo.InvariantCulture),
        ]);

    public static string Actions(CaseStatus status) => HtmlTable.Render(ActionHeaders, ActionRows(status));

    public static readonly string[] ManifestHeaders = ["Path", "Size", "SHA-256", "First read (UTC)", "Reads", "Note"];

    public static IEnumerable<IReadOnlyList<string?>> ManifestRows(CaseStatus status) =>
        status.EvidenceManifest.Select(f => (IReadOnlyList<string?>)
        [
            f.Path, f.Size.ToString(CultureInfo.InvariantCulture), f.Sha256 ?? "(not read whole)", Time(f.FirstRead),
            f.Reads.ToString(CultureInfo.InvariantCulture), f.HashConflict ? "HASH CHANGED between reads" : "",
        ]);

    public static string Manifest(CaseStatus status) =>
        status.EvidenceManifest.Count == 0 ? "<p>No evidence file has been read yet.</p>" : HtmlTable.Render(ManifestHeaders, ManifestRows(status));

    public static string Time(DateTimeOffset? time) =>
        time is { } t ? EksIr.Core.Time.Rfc3339.Format(t) : "";

    private static string Options(IReadOnlyDictionary<string, string> options) =>
        string.Join(" ", options.Select(o => o.Value == "true" ? o.Key : $"{o.Key} {o.Value}"));

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
