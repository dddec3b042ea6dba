using System.Globalization;
using System.Net;
using System.Text;
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
        var t0 = window?.Start ?? shown[0].Time;
        var t1 = window?.End ?? shown[^1].Time;
        var span = Math.Max(Seconds(t1) - Seconds(t0), 1e-3);
        var plot = Width - Left - Right;
        var height = Top + lanes.Count * LaneHeight + Bottom;
        int X(PreciseTime t) => Left + (int)Math.Round((Seconds(t) - Seconds(t0)) / span * plot);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"eksir-swimlanes\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"11\">");
        for (var i = 0; i < lanes.Count; i++)
        {
            var y = Top + i * LaneHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{y}\" width=\"{plot}\" height=\"{LaneHeight}\" fill=\"{(i % 2 == 0 ? "#f7f7f7" : "#ffffff")}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{y + LaneHeight / 2 + 4}\" text-anchor=\"end\">{Encode(lanes[i])} ({shown.Count(e => e.Source == lanes[i]):N0})</text>");
        }

        var axisY = Top + lanes.Count * LaneHeight;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{axisY}\" x2=\"{Width - Right}\" y2=\"{axisY}\" stroke=\"#888\"/>");
        var (step, format) = Ticks(span);
        var firstTick = Math.Ceiling(Seconds(t0) / step) * step;
        for (var at = firstTick; at <= Seconds(t1) + 1e-9; at += step)
        {
            var x = Left + (int)Math.Round((at - Seconds(t0)) / span * plot);
            var t = DateTime.UnixEpoch.AddTicks((long)Math.Round(at * TimeSpan.TicksPerSecond));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"{Top}\" x2=\"{x}\" y2=\"{axisY + 4}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{axisY + 16}\" text-anchor=\"middle\">{t.ToString(format, CultureInfo.InvariantCulture)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plot / 2}\" y=\"{height - 8}\" text-anchor=\"middle\" fill=\"#555\">UTC, {t0} to {t1}{(highlight is null ? "" : $"; red: rows naming {Encode(highlight.ToString())}")}</text>");
        foreach (var group in shown.GroupBy(e => (Lane: lanes.IndexOf(e.Source), X: X(e.Time), Marked: highlight is not null && e.Names(highlight))).OrderBy(g => g.Key.Marked))
        {
            var (lane, x, marked) = group.Key;
            var count = group.Count();
            var y = Top + lane * LaneHeight + LaneHeight / 2;
            var r = marked ? 5.5 : Math.Min(3 + Math.Log2(count), 9);
            var first = group.First();
            var title = count == 1
                ? $"{first.Time} {first.Source}: {first.Summary}"
                : $"{count:N0} {first.Source} rows from {first.Time} to {group.Last().Time}; first: {first.Summary}";
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle cx=\"{x}\" cy=\"{y}\" r=\"{r:0.#}\" fill=\"{(marked ? "#d62728" : Palette[lane % Palette.Length])}\" fill-opacity=\"{(marked ? "0.9" : "0.55")}\"{(marked ? " stroke=\"#000\" stroke-width=\"0.8\"" : "")}><title>{Encode(Clip(title))}</title></circle>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A round tick interval giving 4 to 10 ticks over the span, and how to label a tick at that interval.</summary>
    private static (double Step, string Format) Ticks(double span)
    {
        double[] steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
            86400, 172800, 604800, 2592000, 31536000];
        var step = steps.FirstOrDefault(s => span / s <= 8, steps[^1]);
        var format = step < 1 ? "HH:mm:ss.fff" : step < 60 ? "HH:mm:ss" : step < 86400 ? "HH:mm" : step < 31536000 ? "yyyy-MM-dd" : "yyyy";
        if (step >= 60 && step < 86400 && span > 86400)
        {
            format = "MM-dd HH:mm";
        }

        return (step, format);
    }

    private static double Seconds(PreciseTime t) => t.UnixSeconds + t.Nanoseconds / 1e9;

    private static string Clip(string text) => text.Length > 400 ? text[..400] + "…" : text;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
