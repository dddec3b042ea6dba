using EksIr.Core.Evidence;
using System.Net;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Logs;
using EksIr.Disk.Containers.Timeline;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Kernel.Formatting;

/// <summary>HTML and text renderings of the disk phase's results, over the same rows as the CLI.</summary>
public static class DiskFormatters
{
    public static void Register()
    {
        Formats.Register<ContainerListing>(
            l => Html.Card(ContainerViews.Summary(l), HtmlTable.Render(ContainerViews.Headers, ContainerViews.Rows(l)) + Problems(l.Problems)),
            l => TextTable.Render(ContainerViews.Headers, ContainerViews.Rows(l)) + string.Concat(l.Problems.Select(p => $"skipped: {p}\n")));

        Formats.Register<NodeStatus>(
            st => Html.Card(StatusViews.Summary(st), HtmlTable.Render(StatusViews.Headers, StatusViews.Rows(st)) + Problems(st.Problems)),
            st => TextTable.Render(StatusViews.Headers, StatusViews.Rows(st)));

        Formats.Register<ImageListing>(
            l => Html.Card(ImageViews.Summary(l), HtmlTable.Render(ImageViews.Headers, ImageViews.Rows(l)) + Problems(l.Problems)),
            l => TextTable.Render(ImageViews.Headers, ImageViews.Rows(l)) + string.Concat(l.Problems.Select(p => $"skipped: {p}\n")));

        Formats.Register<ImageHistory>(
            h => Html.Card(ImageViews.Summary(h), HtmlTable.Render(ImageViews.HistoryHeaders, ImageViews.Rows(h))),
            h => TextTable.Render(ImageViews.HistoryHeaders, ImageViews.Rows(h)));

        Formats.Register<ContainerLogs>(
            l => Html.Card(l.Summary, HtmlTable.Render(LogHeaders, LogRows(l, 2000)) + Problems(l.Problems)),
            l => l.Summary + "\n" + TextTable.Render(LogHeaders, LogRows(l, 200)));

        Formats.Register<ContainerTimeline>(
            t => Html.Card($"Timeline of {t.Container.Name}: {t.Entries.Count} changed paths", HtmlTable.Render(TimelineHeaders, TimelineRows(t)) + Problems(t.Problems)),
            t => TextTable.Render(TimelineHeaders, TimelineRows(t)) + ProblemLines(t.Problems));

        Formats.Register<ContainerDiff>(
            d => Html.Card(d.Summary, DiffViews.HtmlTree(d) +
                 "<details><summary>As a table</summary>" + HtmlTable.Render(DiffViews.Headers, DiffViews.Rows(d)) + "</details>" + Problems(d.Problems)),
            d => d.Summary + "\n" + DiffViews.DockerText(d) + ProblemLines(d.Problems));

        Formats.Register<ContainerFileListing>(
            l => Html.Card(l.Summary, FileListingViews.HtmlTree(l) +
                 "<details><summary>As a table</summary>" + HtmlTable.Render(FileListingViews.Headers, FileListingViews.Rows(l)) + "</details>" + Problems(l.Problems)),
            l => l.Summary + "\n" + TextTable.Render(FileListingViews.Headers, FileListingViews.Rows(l)) + ProblemLines(l.Problems));

        Formats.Register<ContainerLayers>(
            l => Html.Card(l.Summary, HtmlTable.Render(LayerViews.Headers, LayerViews.Rows(l)) + Problems(l.Problems)),
            l => l.Summary + "\n" + TextTable.Render(LayerViews.Headers, LayerViews.Rows(l)) + ProblemLines(l.Problems));

        Formats.Register<ContainerExport>(
            e => Html.Card(e.Summary, HtmlTable.Render(ExportHeaders, ExportRows(e)) +
                 $"<p>Manifest: <code>{WebUtility.HtmlEncode(Path.Combine(e.Destination, ContainerExport.ManifestFile))}</code></p>" + Problems(e.Problems)),
            e => e.Summary + "\n" + TextTable.Render(ExportHeaders, ExportRows(e)) + ProblemLines(e.Problems));

        Formats.Register<ContainerFile>(
            f => Html.Card($"{f.Container}:{f.Path}", HtmlTable.Render(CaseViews.FieldHeaders, FileRows(f), "eksir-summary") +
                 $"<pre style=\"max-height:30em;overflow:auto;background:#f6f8fa;padding:6px\">{WebUtility.HtmlEncode(f.Preview)}</pre>" +
                 (f.Truncated ? "<p>(preview truncated; the SHA-256 covers the whole file)</p>" : "")),
            f => TextTable.Render(CaseViews.FieldHeaders, FileRows(f)) + "\n" + f.Preview);
    }

    private static readonly string[] ExportHeaders = ["Path", "Mode", "Size", "SHA-256", "Written as", "Note"];

    private static IEnumerable<IReadOnlyList<string?>> ExportRows(ContainerExport e) =>
        e.Entries.Select(x => (IReadOnlyList<string?>)
            [x.Path, x.Mode, x.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture), x.Sha256,
             x.ExportedAs is { } a ? $"{ContainerExport.FilesFolder}/{a}" : null, x.Note]);

    private static readonly string[] TimelineHeaders = ["Time (UTC)", "What", "Change", "Path", "Mode", "Size", "UID:GID"];

    private static IEnumerable<IReadOnlyList<string?>> TimelineRows(ContainerTimeline t) =>
        t.Events().Select(e => (IReadOnlyList<string?>)
            [e.Time.ToString(), e.Description, e.Entry.Change.ToString(), e.Entry.Path, e.Entry.Status.ModeString(),
             e.Entry.Status.Size.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{e.Entry.Status.Uid}:{e.Entry.Status.Gid}"]);

    private static IReadOnlyList<string> LogHeaders => LogViews.Headers;

    /// <summary>Log rows with each message cut at <paramref name="width"/> characters (the length said), so one huge line cannot swamp the view.</summary>
    private static IEnumerable<IReadOnlyList<string?>> LogRows(ContainerLogs logs, int width) => logs.Lines.Select(l => LogViews.Row(l, width));

    private static IReadOnlyList<IReadOnlyList<string?>> FileRows(ContainerFile f) =>
    [
        ["Path", f.Path], ["Layer", $"{f.Layer} ({f.LayerPath})"], ["Mode", f.Mode], ["Size", f.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        ["Owner", $"{f.Uid}:{f.Gid}"], ["Modified (UTC)", f.Modified], ["SHA-256", f.Sha256], ["Shown as", f.PreviewIsHex ? "hex dump (binary)" : "text"],
    ];

    private static string ProblemLines(IReadOnlyCollection<EvidenceProblem> problems) => string.Concat(problems.Select(p => $"skipped: {p}\n"));

    public static string Problems(IReadOnlyCollection<EvidenceProblem> problems) =>
        problems.Count == 0
            ? ""
            : $"<details><summary class=\"warning\">{Counted.Of(problems.Count, "damaged or unreadable record")} skipped</summary><ul>" +
              string.Concat(problems.Select(p => $"<li>{WebUtility.HtmlEncode(p.ToString())}</li>")) + "</ul></details>";
}
