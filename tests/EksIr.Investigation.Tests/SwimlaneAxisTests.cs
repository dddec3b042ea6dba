using System.Globalization;
using System.Xml.Linq;
using EksIr.Core.Time;
using EksIr.Investigation.Reporting;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>
/// The swimlanes of a timeline with one log line nine days before the incident: the quiet days are cut out of the
/// axis (said on the break), the incident's half hour keeps the width, and each stretch is offered as a window to zoom
/// on. Expected values are the events' own times.
/// </summary>
public sealed class SwimlaneAxisTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset Early = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Incident = new(2026, 11, 29, 6, 19, 10, TimeSpan.Zero);

    private static IncidentEvent Row(DateTimeOffset at, string source, int n) =>
        new(PreciseTime.FromDateTimeOffset(at), source, "x", $"row {n}", [], new EvidenceRef("f", ""), $"{source}:{n}");

    private static readonly IReadOnlyList<IncidentEvent> Events =
        [Row(Early, "control-plane", 0), .. Enumerable.Range(1, 30).Select(i => Row(Incident.AddSeconds(40 * i), i % 2 == 0 ? "cloudtrail" : "memory", i))];

    [Fact]
    public void Quiet_days_are_cut_out_and_the_incident_keeps_the_width()
    {
        var svg = XDocument.Parse(SwimlaneChart.Render(Events));
        var pause = Assert.Single(svg.Descendants(Svg + "g"), g => (string?)g.Attribute("class") == "eksir-axis-break");
        var quiet = Incident.AddSeconds(40) - Early;
        Assert.Contains($"no event for {(quiet.TotalSeconds / 86400).ToString("0.#", CultureInfo.InvariantCulture)} d", pause.Element(Svg + "title")!.Value);

        var incidentMarks = svg.Descendants(Svg + "circle").Where(c => !c.Element(Svg + "title")!.Value.Contains("row 0", StringComparison.Ordinal))
            .Select(c => double.Parse(c.Attribute("cx")!.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(incidentMarks.Max() - incidentMarks.Min() > 500, "the incident's twenty minutes spread over most of the plot");
    }

    [Fact]
    public void Each_stretch_is_a_window_to_zoom_on()
    {
        var stretches = SwimlaneChart.Stretches(Events);
        Assert.Equal([1, 30], stretches.Select(s => s.Rows));
        Assert.Equal(PreciseTime.FromDateTimeOffset(Incident.AddSeconds(40)), stretches[1].Start);
        Assert.Equal(PreciseTime.FromDateTimeOffset(Incident.AddSeconds(1200)), stretches[1].End);
        Assert.Contains($"--start {stretches[1].Start} --end {stretches[1].End}", TimelineViews.Zoom(Events));

        // A window the analyst asked for is drawn whole.
        Assert.Empty(TimelineViews.Zoom(Events.Skip(1).ToList()));
    }
}
