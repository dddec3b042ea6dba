using System.Text.Json;
using System.Xml.Linq;
using EksIr.Core.Time;
using EksIr.Investigation.Reporting;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

public class ExportTests
{
    [Fact]
    public async Task Timesketch_jsonl_has_one_event_per_row_with_the_fields_timesketch_requires()
    {
        var timeline = await SampleIncident.Timeline;

        var lines = TimelineExport.TimesketchJsonl(timeline.Events).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(timeline.Events.Count, lines.Length);
        var rows = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(rows, r =>
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("message").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("timestamp_desc").GetString()));
            var time = DateTimeOffset.Parse(r.GetProperty("datetime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(time.ToUnixTimeMilliseconds() * 1000, r.GetProperty("timestamp").GetInt64() / 1000 * 1000);
        });
        var miner = rows.Single(r => r.GetProperty("source").GetString() == "container-file" && r.GetProperty("message").GetString()!.Contains("/tmp/.x/miner.sh (added") && r.GetProperty("timestamp_desc").GetString() == "Modification Time");
        Assert.Equal("2026-11-29T06:23:31.475692+00:00", miner.GetProperty("datetime").GetString()); // as Timesketch's importer takes it
        Assert.Equal("2026-11-29T06:23:31.475692519Z", miner.GetProperty("time_ns").GetString()); // nothing lost
        Assert.Equal(1795933411475692, miner.GetProperty("timestamp").GetInt64());
        Assert.Equal("default/sysdiag", miner.GetProperty("pod").GetString());
        Assert.Equal("eksir:container-file", miner.GetProperty("data_type").GetString());
    }

    [Fact]
    public void Csv_quotes_what_needs_it_and_keeps_spreadsheets_from_running_formulas()
    {
        var hostile = new IncidentEvent(new PreciseTime(1795933411, 5), "container-log", "stdout", "=HYPERLINK(\"http://203.0.113.50\",\"x\")\nsecond line, with comma",
            [new EntityRef(EntityKinds.Ip, "203.0.113.50")], new EvidenceRef("node.tar.gz!/var/log/pods/x/0.log", "line 3"), "log:1");

        var csv = TimelineExport.Csv([hostile]);
        var records = ParseCsv(csv);

        Assert.Equal(TimelineExport.Columns, records[0]);
        var row = records[1];
        Assert.Equal(records[0].Count, row.Count);
        Assert.Equal("2026-11-29T06:23:31.000000+00:00", row[0]);
        Assert.Equal("2026-11-29T06:23:31.000000005Z", row[records[0].IndexOf("time_ns")]);
        Assert.Equal("[container-log] =HYPERLINK(\"http://203.0.113.50\",\"x\")\nsecond line, with comma", row[3]);
        Assert.Equal("203.0.113.50", row[records[0].IndexOf("ip")]);
        Assert.DoesNotContain(row, c => c.StartsWith('='));
    }

    [Fact]
    public async Task Swimlanes_are_one_svg_lane_per_source_with_a_titled_mark_per_row_and_the_highlight_in_red()
    {
        var timeline = await SampleIncident.Timeline;
        var window = TimeWindow.Of(DateTimeOffset.Parse("2026-11-29T06:19:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-11-29T06:27:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var key = new EntityRef(EntityKinds.AccessKey, "ASIA5NODEROLE7STOLEN");

        var svg = XElement.Parse(SwimlaneChart.Render(timeline.Events, window, key));

        XNamespace ns = "http://www.w3.org/2000/svg";
        var inWindow = timeline.Where(window: window).ToList();
        var labels = svg.Elements(ns + "text").Select(t => t.Value).ToList();
        foreach (var source in inWindow.Select(e => e.Source).Distinct())
        {
            Assert.Contains($"{source} ({inWindow.Count(e => e.Source == source)})", labels);
        }

        Assert.Equal(["06:19", "06:20", "06:21", "06:22", "06:23", "06:24", "06:25", "06:26", "06:27"], labels.Where(l => l.Length == 5 && l[2] == ':')); // round ticks over 8 minutes
        var marks = svg.Elements(ns + "circle").ToList();
        var counted = marks.Sum(m => m.Element(ns + "title")!.Value is var t && t.Contains(" rows from ", StringComparison.Ordinal) ? int.Parse(t.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : 1);
        Assert.Equal(inWindow.Count, counted);
        var red = marks.Where(m => (string?)m.Attribute("fill") == "#d62728" && m.Attribute("stroke") is not null).ToList();
        Assert.Equal(inWindow.Count(e => e.Names(key)), red.Count);
        Assert.All(red, m => Assert.Contains("NodeInstanceRole", m.Element(ns + "title")!.Value));
        Assert.Equal("", SwimlaneChart.Render([], window));
    }

    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { cell.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { record.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { record.Add(cell.ToString()); cell.Clear(); records.Add(record); record = []; i++; }
            else { cell.Append(c); }
        }

        return records;
    }
}
