using System.Globalization;
using System.Net;
using System.Text;
using EksIr.Core.Cases;

namespace EksIr.Core.Reporting;

/// <summary>
/// The case write-up as one self-contained HTML file (inline CSS, no scripts, no network): summary, the actions
/// journal and the evidence manifest. Later phases add findings, timeline and entities.
/// </summary>
public static class CaseReportHtml
{
    public static string Render(CaseStatus status, DateTimeOffset generatedAt)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>").Append(Enc($"Case {status.Name} — incident report")).Append("</title>");
        html.Append("<style>").Append(Styles.Report).Append("</style></head><body>\n");
        html.Append("<h1>").Append(Enc($"Case {status.Name}")).Append("</h1>\n");
        html.Append(HtmlTable.Render(["", ""],
        [
            ["Evidence", status.EvidenceRoot ?? "(not recorded)"],
            ["Journal", Path.GetFileName(status.JournalPath)],
            ["Analysts", string.Join(", ", status.Analysts)],
            ["First action (UTC)", Time(status.FirstEntry)],
            ["Last action (UTC)", Time(status.LastEntry)],
            ["Actions", $"{status.Actions} ({status.FailedActions} failed)"],
            ["Evidence files read", status.EvidenceManifest.Count.ToString(CultureInfo.InvariantCulture)],
            ["Report generated (UTC)", Time(generatedAt)],
        ], "eksir-summary"));

        if (status.DamagedLines.Count > 0)
        {
            html.Append("<p class=\"warning\">").Append(Enc(
                $"{status.DamagedLines.Count} damaged journal line(s) were skipped: " +
                string.Join("; ", status.DamagedLines.Select(d => $"line {d.Line}: {d.Reason}")))).Append("</p>\n");
        }

        html.Append("<h2>Actions</h2>\n");
        html.Append(HtmlTable.Render(["Time (UTC)", "Analyst", "Verb", "Options", "Outcome", "Summary", "Evidence read"],
            status.Entries.Select(e => (IReadOnlyList<string?>)
            [
                Time(e.Time), e.Analyst, e.Verb, Options(e.Options), e.Outcome.ToString().ToLowerInvariant(), e.Summary,
                e.EvidenceRead.Count.ToString(CultureInfo.InvariantCulture),
            ])));

        html.Append("<h2>Evidence manifest</h2>\n");
        html.Append(status.EvidenceManifest.Count == 0
            ? "<p>No evidence file has been read yet.</p>"
            : HtmlTable.Render(["Path", "Size", "SHA-256", "First read (UTC)", "Reads", "Note"],
                status.EvidenceManifest.Select(f => (IReadOnlyList<string?>)
                [
                    f.Path, f.Size.ToString(CultureInfo.InvariantCulture), f.Sha256 ?? "(not read whole)", Time(f.FirstRead),
                    f.Reads.ToString(CultureInfo.InvariantCulture), f.HashConflict ? "HASH CHANGED between reads" : "",
                ])));
        html.Append("\n</body></html>\n");
        return html.ToString();
    }

    public static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "";

    private static string Options(IReadOnlyDictionary<string, string> options) =>
        string.Join(" ", options.Select(o => o.Value == "true" ? o.Key : $"{o.Key} {o.Value}"));

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
