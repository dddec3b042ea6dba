using System.Globalization;
using System.Xml.Linq;
using EksIr.Core.Reporting;

namespace EksIr.Core.Tests.Reporting;

/// <summary>
/// A chart of counts per bin reads true: Logs Insights returns no row for an empty bin, so the line must drop to zero
/// there instead of running straight across; a night without events breaks the axis rather than filling it; two series
/// with the same counts stay two visible lines. Expected values are the input's own times and counts.
/// </summary>
public sealed class SvgTimeChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const double Baseline = 240; // the chart's zero line: height 280 less its bottom margin 40

    private static DateTime At(string hhmm) => DateTime.ParseExact("2026-11-29 " + hhmm, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static readonly TimePoint[] Points =
    [
        new("get", At("06:00"), 5), new("get", At("06:01"), 3), new("get", At("06:05"), 4),
        new("list", At("06:00"), 5), new("list", At("06:01"), 3), new("list", At("15:00"), 2),
    ];

    private static XDocument Chart() => XDocument.Parse(SvgTimeChart.Render(Points, "events"));

    private static List<(double X, double Y)> Line(XElement polyline) =>
        [.. polyline.Attribute("points")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(',')).Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))];

    [Fact]
    public void Empty_bins_between_counted_ones_are_drawn_at_zero()
    {
        var get = Chart().Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-series") == "get");
        var line = Line(get.Elements(Svg + "polyline").Single());

        // 06:00=5, 06:01=3, then 06:02 and 06:04 empty (zero), 06:05=4: five points, two of them on the zero line.
        Assert.Equal(5, line.Count);
        Assert.Equal(new[] { false, false, true, true, false }, line.Select(p => Math.Abs(p.Y - Baseline) < 0.5));
        Assert.True(line.Zip(line.Skip(1)).All(p => p.Second.X > p.First.X));
        Assert.Contains("bins of 1 min, empty bins drawn at 0", Chart().Descendants(Svg + "text").Select(t => t.Value).Single(t => t.StartsWith("UTC,", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_quiet_night_breaks_the_axis_and_no_line_crosses_the_break()
    {
        var chart = Chart();
        var gap = At("15:00") - At("06:05");
        var breaks = chart.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "eksir-axis-break").ToList();
        var pause = Assert.Single(breaks);
        Assert.Contains($"no event for {(int)gap.TotalHours} h {gap.Minutes} min", pause.Element(Svg + "title")!.Value);

        var band = pause.Element(Svg + "rect")!;
        var (from, to) = (double.Parse(band.Attribute("x")!.Value, CultureInfo.InvariantCulture), 0.0);
        to = from + double.Parse(band.Attribute("width")!.Value, CultureInfo.InvariantCulture);
        foreach (var polyline in chart.Descendants(Svg + "polyline"))
        {
            var xs = Line(polyline).Select(p => p.X).ToList();
            Assert.False(xs.Any(x => x < from) && xs.Any(x => x > to), "a line runs across the break");
        }

        // Every row keeps its mark, on both sides of the break.
        var list = chart.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-series") == "list");
        var marks = list.Elements().Where(e => e.Element(Svg + "title") is not null).ToList();
        Assert.Equal(3, marks.Count);
    }

    [Fact]
    public void Two_series_with_the_same_counts_stay_distinguishable()
    {
        var series = Chart().Descendants(Svg + "g").Where(g => g.Attribute("data-series") is not null).ToList();
        Assert.Equal(2, series.Count);
        var (first, second) = (series[0].Elements(Svg + "polyline").First(), series[1].Elements(Svg + "polyline").First());
        Assert.NotEqual((string?)first.Attribute("stroke-dasharray"), (string?)second.Attribute("stroke-dasharray"));
        Assert.NotEqual((string?)first.Attribute("stroke"), (string?)second.Attribute("stroke"));
        var markerKinds = series.Select(g => g.Elements().First(e => e.Element(Svg + "title") is not null).Name.LocalName).ToList();
        Assert.NotEqual(markerKinds[0], markerKinds[1]);
    }

    [Fact]
    public void One_early_line_days_before_the_rest_gets_an_edge_of_its_own()
    {
        var times = new List<double> { 0 };
        times.AddRange(Enumerable.Range(0, 50).Select(i => 9 * 86400 + i * 30.0));
        var axis = BrokenTimeAxis.Over(times, 0, 700);

        Assert.Equal(2, axis.Parts.Count);
        Assert.Equal(1, axis.Parts[0].Count);
        Assert.Equal(50, axis.Parts[1].Count);
        Assert.True(axis.X(9 * 86400 + 49 * 30.0) - axis.X(9 * 86400) > 500, "the incident's 25 minutes keep most of the width");
    }
}
