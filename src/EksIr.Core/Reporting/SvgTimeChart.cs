using System.Globalization;
using System.Net;
using System.Text;

namespace EksIr.Core.Reporting;

/// <summary>One point of a time series: which series, when, how many.</summary>
public sealed record TimePoint(string Series, DateTime Time, double Value);

/// <summary>
/// A line chart of counts over time (Logs Insights' <c>stats … by bin()</c>), one series per line with a legend, as
/// inline SVG: it renders the same in VS Code, in Jupyter's output, in the exported HTML report and offline (no
/// script, no CDN). Times are UTC. It reads true at a glance: a bin with no row is a zero (Logs Insights leaves empty
/// bins out, so a line is never drawn straight across them); quiet stretches longer than a fifth of the span break the
/// axis (<see cref="BrokenTimeAxis"/>) with their length written on the break; each series has its own colour, dash
/// and marker, so one drawn over another stays visible.
/// </summary>
public static class SvgTimeChart
{
    private const int Width = 760;
    private const int Height = 280;
    private const int Left = 56;
    private const int Right = 196;
    private const int Top = 16;
    private const int Bottom = 40;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
    private static readonly string[] Dashes = ["", "6 3", "2 2", "9 3 2 3", "4 4", "1 3"];

    public static string Render(IReadOnlyList<TimePoint> points, string valueLabel, int maxSeries = 10)
    {
        if (points.Count == 0)
        {
            return "";
        }

        var series = points.GroupBy(p => p.Series).OrderByDescending(g => g.Sum(p => p.Value)).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var shown = series.Take(maxSeries).ToList();
        var times = points.Select(p => Seconds(p.Time)).Distinct().Order().ToList();
        var bin = Bin(times);
        var axis = BrokenTimeAxis.Over(times, Left, Width - Left - Right);
        var yMax = Math.Max(points.Max(p => p.Value), 1);
        double Y(double v) => Top + (1 - v / yMax) * (Height - Top - Bottom);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"eksir-chart\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#888\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var v = yMax * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v:0.##}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Y(v):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(v):0.#}\" stroke=\"#eee\"/>");
        }

        AxisDrawing.Draw(svg, axis, Height - Bottom, Top);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\" fill=\"#555\">UTC, {Time(times[0])} to {Time(times[^1])}{(bin > 0 ? $"; bins of {Span(bin)}, empty bins drawn at 0" : "")}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{Top + (Height - Top - Bottom) / 2}\" transform=\"rotate(-90 12 {Top + (Height - Top - Bottom) / 2})\" text-anchor=\"middle\" fill=\"#555\">{WebUtility.HtmlEncode(valueLabel)}</text>");
        for (var s = 0; s < shown.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var dash = Dashes[s % Dashes.Length];
            svg.Append(CultureInfo.InvariantCulture, $"<g data-series=\"{WebUtility.HtmlEncode(shown[s].Key)}\">");
            var values = shown[s].GroupBy(p => Seconds(p.Time)).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
            foreach (var part in axis.Parts)
            {
                var line = ZeroFilled(values, part, bin);
                if (line.Count == 0)
                {
                    continue;
                }

                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\" stroke-opacity=\"0.85\"{(dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : "")} points=\"{string.Join(" ", line.Select(p => string.Create(CultureInfo.InvariantCulture, $"{part.X(p.T):0.#},{Y(p.V):0.#}")))}\"/>");
            }

            foreach (var (t, v) in values.OrderBy(p => p.Key))
            {
                svg.Append(Marker(s, axis.X(t), Y(v), color)).Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(shown[s].Key)} {Time(t)}: {v:0.##}</title>").Append(MarkerEnd(s));
            }

            var ly = Top + 4 + s * 16;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right + 8}\" y1=\"{ly + 5}\" x2=\"{Width - Right + 30}\" y2=\"{ly + 5}\" stroke=\"{color}\" stroke-width=\"1.8\"{(dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : "")}/>");
            svg.Append(Marker(s, Width - Right + 19, ly + 5, color)).Append(MarkerEnd(s));
            var label = shown[s].Key.Length > 22 ? shown[s].Key[..21] + "…" : shown[s].Key;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 36}\" y=\"{ly + 9}\">{WebUtility.HtmlEncode(label)} ({values.Values.Sum():0.##})</text></g>");
        }

        if (series.Count > shown.Count)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 8}\" y=\"{Top + 4 + shown.Count * 16 + 9}\" fill=\"#555\">+{series.Count - shown.Count} more series (in the table)</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// The bin width the times were counted in: the greatest common divisor of their distances (whole milliseconds),
    /// 0 when there is only one time. A bin between two counted ones that holds no row is empty.
    /// </summary>
    public static double Bin(IReadOnlyList<double> sortedTimes)
    {
        long gcd = 0;
        for (var i = 1; i < sortedTimes.Count; i++)
        {
            var d = (long)Math.Round((sortedTimes[i] - sortedTimes[i - 1]) * 1000);
            gcd = d <= 0 ? gcd : Gcd(gcd, d);
        }

        return gcd / 1000.0;
    }

    /// <summary>A series over one part of the axis with its empty bins at zero: each counted bin, and a zero one bin before and after it where that bin is empty.</summary>
    private static List<(double T, double V)> ZeroFilled(IReadOnlyDictionary<double, double> values, AxisPart part, double bin)
    {
        var line = new List<(double T, double V)>();
        void Add(double t, double v)
        {
            if (t >= part.Start - 1e-6 && t <= part.End + 1e-6 && (line.Count == 0 || t > line[^1].T + 1e-6))
            {
                line.Add((t, v));
            }
        }

        // Without a bin (one time counted) there is no empty neighbour to draw.
        var counted = values.Keys.Select(Milliseconds).ToHashSet();
        bool Empty(double t) => bin > 0 && !counted.Contains(Milliseconds(t));
        foreach (var (t, v) in values.Where(p => p.Key >= part.Start && p.Key <= part.End).OrderBy(p => p.Key))
        {
            if (Empty(t - bin))
            {
                Add(t - bin, 0);
            }

            Add(t, v);
            if (Empty(t + bin))
            {
                Add(t + bin, 0);
            }
        }

        return line;
    }

    private static string Marker(int series, double x, double y, string color) => (series % 4) switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"2.6\" fill=\"{color}\">"),
        1 => string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{x - 2.5:0.#}\" y=\"{y - 2.5:0.#}\" width=\"5\" height=\"5\" fill=\"{color}\">"),
        2 => string.Create(CultureInfo.InvariantCulture, $"<polygon points=\"{x:0.#},{y - 3.2:0.#} {x + 3:0.#},{y + 2.4:0.#} {x - 3:0.#},{y + 2.4:0.#}\" fill=\"{color}\">"),
        _ => string.Create(CultureInfo.InvariantCulture, $"<polygon points=\"{x:0.#},{y - 3.2:0.#} {x + 3.2:0.#},{y:0.#} {x:0.#},{y + 3.2:0.#} {x - 3.2:0.#},{y:0.#}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.4\">"),
    };

    private static string MarkerEnd(int series) => (series % 4) switch
    {
        0 => "</circle>",
        1 => "</rect>",
        _ => "</polygon>",
    };

    private static long Milliseconds(double seconds) => (long)Math.Round(seconds * 1000);

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    private static double Seconds(DateTime t) => (DateTime.SpecifyKind(t, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;

    private static string Time(double seconds) => EksIr.Core.Time.Rfc3339.Format(DateTime.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)));

    private static string Span(double seconds) =>
        seconds % 86400 == 0 ? $"{seconds / 86400:0} d" : seconds % 3600 == 0 ? $"{seconds / 3600:0} h" : seconds % 60 == 0 ? $"{seconds / 60:0} min" : $"{seconds:0.###} s";
}
