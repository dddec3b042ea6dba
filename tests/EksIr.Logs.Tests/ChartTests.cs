using System.Xml.Linq;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;
using EksIr.Logs.Insights;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>Stats by bin() and a field become one SVG line per series, every point drawn, the SVG well-formed.</summary>
public sealed class ChartTests : IDisposable
{
    private readonly InsightsLocal _logs = new(new EvidenceRoot(Repo.Path("sample-data", "incident-1")), "control-plane");

    public void Dispose() => _logs.Dispose();

    [Fact]
    public void Events_over_time_by_verb_chart_one_line_per_verb()
    {
        var result = _logs.Query("filter @logStream like /audit/ and @timestamp >= \"2026-11-29T06:00:00Z\" | stats count(*) as events by bin(5m), verb");

        var series = QueryViews.TimeSeries(result)!;
        var svg = XDocument.Parse(SvgTimeChart.Render(series, "events"));
        XNamespace ns = "http://www.w3.org/2000/svg";

        var verbs = result.Rows.Select(r => (string)r[1]!).Distinct().ToList();
        var lines = svg.Descendants(ns + "g").Where(g => g.Attribute("data-series") is not null).ToList();
        Assert.Equal(verbs.Order(StringComparer.Ordinal), lines.Select(g => g.Attribute("data-series")!.Value).Order(StringComparer.Ordinal));
        Assert.All(lines, g => Assert.NotEmpty(g.Elements(ns + "polyline")));
        Assert.Equal(result.Rows.Count, lines.Sum(g => g.Elements().Count(e => e.Element(ns + "title") is not null))); // one mark per row
        Assert.Equal(verbs.Order(StringComparer.Ordinal), svg.Descendants(ns + "text").Select(t => t.Value.Split(" (")[0]).Where(verbs.Contains).Order(StringComparer.Ordinal));
        Assert.Equal(result.Rows.Sum(r => Convert.ToDouble(r[2])), series.Sum(p => p.Value));
    }

    [Fact]
    public void A_result_without_time_and_count_is_not_charted()
    {
        Assert.Null(QueryViews.TimeSeries(_logs.Query("stats count(*) by verb")));
        Assert.Null(QueryViews.TimeSeries(_logs.Query("fields @timestamp, verb | limit 5")));
    }
}
