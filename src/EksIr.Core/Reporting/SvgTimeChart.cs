using System.Globalization;
using System.Net;
using System.Text;

namespace EksIr.Core.Reporting;

/// <summary>One point of a time series: which series, when, how many.</summary>
public sealed record TimePoint(string Series, DateTime Time, double Value);

/// <summary>
/// A line chart of counts over time, one coloured line per series with a legend, as inline SVG: it renders the same
/// in VS Code, in Jupyter's output, in the exported HTML report and offline (no script, no CDN). Times are UTC.
/// </summary>
public static class SvgTimeChart
{
    private const int Width = 760;
    private const int Height = 280;
    private const int Left = 56;
    private const int Right = 180;
    private const int Top = 16;
    private const int Bottom = 40;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string Render(IReadOnlyList<TimePoint> points, string valueLabel, int maxSeries = 10)
    {
        if (points.Count == 0)
        {
            return "";
        }

        var series = points.GroupBy(p => p.Series).OrderByDescending(g => g.Sum(p => p.Value)).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var shown = series.Take(maxSeries).ToList();
        var (t0, t1) = (points.Min(p => p.Time), points.Max(p => p.Time));
        var span = Math.Max((t1 - t0).TotalSeconds, 1);
        var yMax = Math.Max(points.Max(p => p.Value), 1);
        double X(DateTime t) => Left + (t - t0).TotalSeconds / span * (Width - Left - Right);
        double Y(double v) => Top + (1 - v / yMax) * (Height - Top - Bottom);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"eksir-chart\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#888\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#888\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var v = yMax * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v:0.##}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Y(v):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(v):0.#}\" stroke=\"#eee\"/>");
        }

        var format = span > 2 * 86400 ? "MM-dd HH:mm" : "HH:mm:ss";
        for (var i = 0; i <= 4; i++)
        {
            var t = t0.AddSeconds(span * i / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(t):0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{t.ToString(format, CultureInfo.InvariantCulture)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\" fill=\"#555\">UTC, {t0:yyyy-MM-dd HH:mm:ss} to {t1:yyyy-MM-dd HH:mm:ss}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{Top + (Height - Top - Bottom) / 2}\" transform=\"rotate(-90 12 {Top + (Height - Top - Bottom) / 2})\" text-anchor=\"middle\" fill=\"#555\">{WebUtility.HtmlEncode(valueLabel)}</text>");
        for (var s = 0; s < shown.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var ordered = shown[s].OrderBy(p => p.Time).ToList();
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\" points=\"{string.Join(" ", ordered.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.Time):0.#},{Y(p.Value):0.#}")))}\"/>");
            foreach (var p in ordered)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.Time):0.#}\" cy=\"{Y(p.Value):0.#}\" r=\"2.5\" fill=\"{color}\"><title>{WebUtility.HtmlEncode(shown[s].Key)} {p.Time:yyyy-MM-dd HH:mm:ss}: {p.Value:0.##}</title></circle>");
            }

            var ly = Top + 4 + s * 16;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 12}\" y=\"{ly}\" width=\"10\" height=\"10\" fill=\"{color}\"/>");
            var label = shown[s].Key.Length > 26 ? shown[s].Key[..25] + "…" : shown[s].Key;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 26}\" y=\"{ly + 9}\">{WebUtility.HtmlEncode(label)}</text>");
        }

        if (series.Count > shown.Count)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 12}\" y=\"{Top + 4 + shown.Count * 16 + 9}\" fill=\"#555\">+{series.Count - shown.Count} more series (in the table)</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
