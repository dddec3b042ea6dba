using EksIr.Disk.Containers.Timeline;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Containers;

[Collection(ContainerdNodeCollection.Name)]
public sealed class TimelineTests(ContainerdNode node)
{
    [ContainerdFact]
    public void The_bodyfile_has_a_line_per_changed_path_with_nanosecond_times_and_deletions_marked()
    {
        var timeline = ContainerTimeline.Of(new EvidenceRoot(node.Root), "sysdiag");

        var lines = timeline.Bodyfile().TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.Equal(11, l.Split('|').Length));
        var miner = lines.Single(l => l.Split('|')[1] == "sysdiag:/tmp/.x/miner.sh").Split('|');
        Assert.Equal("-rwxr-xr-x", miner[3]);
        Assert.Matches(@"^\d{10}(\.\d{9})?$", miner[8]);
        var deleted = lines.Single(l => l.Contains("/var/www/index.html"));
        Assert.Equal("sysdiag:/var/www/index.html (deleted)", deleted.Split('|')[1]);
        Assert.Contains(lines, l => l.Split('|')[3] == "-rwsr-xr-x");
        Assert.Equal(timeline.Entries.Count, lines.Length);
    }

    [ContainerdFact]
    public void Timesketch_lines_carry_datetime_microseconds_and_the_container()
    {
        var timeline = ContainerTimeline.Of(new EvidenceRoot(node.Root), ContainerdNode.AppId);

        var events = timeline.TimesketchJsonl().TrimEnd('\n').Split('\n').Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToArray();
        Assert.All(events, e =>
        {
            Assert.Equal(ContainerdNode.AppId, e.GetProperty("container_id").GetString());
            Assert.Matches(@"Z$", e.GetProperty("datetime").GetString());
            Assert.True(e.GetProperty("timestamp").GetInt64() > 1_000_000_000_000_000);
        });
        Assert.Contains(events, e => e.GetProperty("timestamp_desc").GetString()!.Contains("Deletion Time") && e.GetProperty("path").GetString() == "/var/www/index.html");
        var times = events.Select(e => e.GetProperty("timestamp").GetInt64()).ToArray();
        Assert.Equal(times.Order(), times);
    }
}
