using System.Text.Json;
using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>A node whose containers the real dockerd ran (sample-data/generators/docker-node.sh) on the super-timeline.</summary>
[Collection(DockerNodeCollection.Name)]
public sealed class DockerNodeTimelineTests(DockerNode node)
{
    [DockerFact]
    public async Task Each_container_dockerd_ran_is_created_on_the_docker_lane_not_the_containerd_one()
    {
        // docker ps -a: the engine's own list of its containers.
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".docker-ps.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("ID").GetString()!)
            .Order(StringComparer.Ordinal);
        var root = new EvidenceRoot(Path.GetDirectoryName(node.Root)!);

        var timeline = await SuperTimeline.BuildAsync(root, new IncidentSources(Node: "node"), TimeWindow.All);

        var created = timeline.Events.Where(e => e.Action == "container created").ToArray();
        Assert.All(created, e => Assert.Equal(TimelineSources.Docker, e.Source));
        Assert.Equal(expected, created.Select(e => e.Entities.Single(x => x.Kind == EntityKinds.Container).Value).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(timeline.Events, e => e.Source == TimelineSources.Containerd);
        Assert.All(created, e => Assert.StartsWith("docker container ", e.Summary));
    }
}
