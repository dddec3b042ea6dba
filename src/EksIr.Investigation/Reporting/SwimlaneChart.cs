using System.Globalization;
using System.Net;
using System.Text;
using EksIr.Core.Reporting;
using EksIr.Core.Time;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Reporting;

/// <summary>
/// The super-timeline as swimlanes, one lane per source, as inline SVG: no script and no CDN, so it renders the same
/// in VS Code, Jupyter, the HTML write-up and offline. Hovering a mark shows its time and summary (SVG titles); rows
/// naming a highlighted entity are drawn larger in red. Marks that fall on the same pixel of a lane are one mark
/// with a count, so a million rows still make a small picture.
/// </summary>
public static class SwimlaneChart
{
    private const int Width = 900;
    private const int LaneHeight = 30;
    private const int Left = 120;
    private const int Right = 44;
    private const int Top = 10;
    private const int Bottom = 44;
    private static readonly string[] Palette = ["#d62728", "#ff7f0e", "#1f77b4", "#17becf", "#2ca02c", "#8c564b", "#9467bd", "#e377c2", "#7f7f7f"];

    public static string Render(IReadOnlyList<IncidentEvent> events, TimeWindow? window = null, EntityRef? highlight = null)
    {
        var shown = events.Where(e => window is null || window.Contains(e.Time)).ToList();
        if (shown.Count == 0)
        {
            return "";
        }

        var lanes = TimelineSources.All.Where(s => shown.Any(e => e.Source == s)).Concat(shown.Select(e => e.Source).Where(s => !TimelineSources.All.Contains(s)).Distinct().Order(StringComparer.Ordinal)).ToList();
        var plot = Width - Left - Right;
        var height = Top + lanes.Count * LaneHeight + Bottom;
        var axis = Axis(shown, window);
        int X(PreciseTime t) => (int)Math.Round(axis.X(Seconds(t)));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"eksir-swimlanes\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"11\">");
        for (var i = 0; i < lanes.Count; i++)
        {
            var y = Top + i * LaneHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{y}\" width=\"{plot}\" height=\"{LaneHeight}\" fill=\"{(i % 2 == 0 ? "#f7f7f7" : "#ffffff")}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{y + LaneHeight / 2 + 4}\" text-anchor=\"end\">{Encode(lanes[i])} ({shown.Count(e => e.Source == lanes[i]):N0})</text>");
        }

        var axisY = Top + lanes.Count * LaneHeight;
        AxisDrawing.Draw(svg, axis, axisY, Top);
        var (t0, t1) = (window?.Start ?? shown[0].Time, window?.End ?? shown[^1].Time);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plot / 2}\" y=\"{height - 8}\" text-anchor=\"middle\" fill=\"#555\">UTC, {t0} to {t1}{(axis.IsBroken ? "; quiet stretches cut out (grey)" : "")}{(highlight is null ? "" : $"; red: rows naming {Encode(highlight.ToString())}")}</text>");
        foreach (var group in shown.GroupBy(e => (Lane: lanes.IndexOf(e.Source), X: X(e.Time), Marked: highlight is not null && e.Names(highlight))).OrderBy(g => g.Key.Marked))
        {
            var (lane, x, marked) = group.Key;
            var count = group.Count();
            var y = Top + lane * LaneHeight + LaneHeight / 2;
            var r = marked ? 5.5 : Math.Min(3 + Math.Log2(count), 9);
            var first = group.First();
            var title = count == 1
                ? $"{first.Time} {first.Source}: {first.Summary}"
                : $"{Counted.Of(count, first.Source + " row")} from {first.Time} to {group.Last().Time}; first: {first.Summary}";
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle cx=\"{x}\" cy=\"{y}\" r=\"{r:0.#}\" fill=\"{(marked ? "#d62728" : Palette[lane % Palette.Length])}\" fill-opacity=\"{(marked ? "0.9" : "0.55")}\"{(marked ? " stroke=\"#000\" stroke-width=\"0.8\"" : "")}><title>{Encode(Clip(title))}</title></circle>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// The stretches of the chart's axis: with a window, the window whole; without, the runs of events between quiet
    /// gaps (each a window to zoom on with --start and --end).
    /// </summary>
    public static IReadOnlyList<ZoomWindow> Stretches(IReadOnlyList<IncidentEvent> events, TimeWindow? window = null)
    {
        var shown = events.Where(e => window is null || window.Contains(e.Time)).ToList();
        return shown.Count == 0 ? [] : [.. Axis(shown, window).Parts.Select(Zoom)];
    }

    private static BrokenTimeAxis Axis(IReadOnlyList<IncidentEvent> shown, TimeWindow? window) => window is null
        ? BrokenTimeAxis.Over([.. shown.Select(e => Seconds(e.Time))], Left, Width - Left - Right)
        : BrokenTimeAxis.Unbroken(Seconds(window.Start ?? shown[0].Time), Seconds(window.End ?? shown[^1].Time), Left, Width - Left - Right, shown.Count);

    private static ZoomWindow Zoom(AxisPart part)
    {
        var start = (long)Math.Floor(part.Start);
        var end = Math.Max((long)Math.Ceiling(part.End), start + 1);
        return new ZoomWindow(new PreciseTime(start, 0), new PreciseTime(end, 0), part.Count);
    }

    private static double Seconds(PreciseTime t) => t.UnixSeconds + t.Nanoseconds / 1e9;

    private static string Clip(string text) => text.Length > 400 ? text[..400] + "…" : text;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>A stretch of the timeline with events, as a window to zoom on: from, to (whole seconds around it), and how many rows.</summary>
public sealed record ZoomWindow(PreciseTime Start, PreciseTime End, int Rows);
