using System.Text.Json;
using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>
/// A case whose node/ holds two node archives (the sample's, made by the real containerd, copied under two node names):
/// the super-timeline reads both, each row labelled with the node it came from; --node narrows to one.
/// </summary>
public sealed class SeveralNodesTimelineTests : IDisposable
{
    private const string First = "ip-192-168-23-107.us-west-2.compute.internal";
    private const string Second = "ip-192-168-40-99.us-west-2.compute.internal";
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_node_disk_is_read_each_row_labelled_with_its_node_and_node_narrows_to_one()
    {
        var archive = Repo.Path("sample-data", "incident-1", "node", First + ".tar.gz");
        Directory.CreateDirectory(_temp.Combine("node"));
        File.Copy(archive, _temp.Combine("node", First + ".tar.gz"));
        File.Copy(archive, _temp.Combine("node", Second + ".tar.gz"));
        // The sysdiag container's id as the kubelet reported it (kubectl get pods -o json, status.containerStatuses[].containerID).
        using var pods = JsonDocument.Parse(File.ReadAllText(Repo.Path("sample-data", "incident-1", "cluster", "pods.json")));
        var sysdiag = pods.RootElement.GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("metadata").GetProperty("name").GetString() == "sysdiag")
            .GetProperty("status").GetProperty("containerStatuses")[0].GetProperty("containerID").GetString()!.Split("://")[1];
        SuperTimelineTests.CopyTree(Repo.Path("sample-data", "incident-1", "memory", "volatility"), _temp.Combine("memory", "volatility"));
        var root = new EvidenceRoot(_temp.Path);

        var both = await new IncidentInvestigation().TimelineAsync(root, new TimelineRequest());
        var one = await new IncidentInvestigation().TimelineAsync(root, new TimelineRequest(Node: Second));

        static bool OnNode(IncidentEvent e) => e.Source != TimelineSources.Memory;
        static string NodeOf(IncidentEvent e) => Assert.Single(e.Entities, x => x.Kind == EntityKinds.Node).Value;
        var created = both.Events.Where(e => e.Action == "container created" && e.Names(new EntityRef(EntityKinds.Container, sysdiag))).ToList();
        Assert.Equal([First, Second], created.Select(NodeOf).Order(StringComparer.Ordinal));
        Assert.All(created, e =>
        {
            Assert.Equal($"node/{NodeOf(e)}.tar.gz", e.Evidence.File); // labelled with the node whose archive it was read from
            Assert.StartsWith($"[{NodeOf(e)}] containerd container {sysdiag[..12]} created: default/sysdiag sysdiag", e.Summary);
        });
        Assert.Equal(2 * one.Events.Count(OnNode), both.Events.Count(OnNode)); // the same containers on two disks are two nodes' rows, none dropped as a duplicate
        Assert.All(both.Events.Where(OnNode), e => Assert.StartsWith($"[{NodeOf(e)}] ", e.Summary));
        Assert.Equal([$"node/{First}.tar.gz", $"node/{Second}.tar.gz"], both.Sources.Where(s => s.Source != TimelineSources.Memory).Select(s => s.Where).Distinct());
        Assert.Contains($"node/ holds 2 node archives; the timeline reads each, its rows labelled with their node ({First}, {Second}; one alone: --node {First})", both.Notes);
        Assert.Contains($"memory: containers named from the disk of {First}, the first of 2 nodes (one alone: --node)", both.Notes);

        // --node: that node alone, its rows as a single node's are (no label in the summary), all of it.
        Assert.All(one.Events.Where(OnNode), e => Assert.Equal(Second, NodeOf(e)));
        Assert.DoesNotContain(one.Events, e => e.Summary.StartsWith('['));
        Assert.Equal([$"node/{Second}.tar.gz"], one.Sources.Where(s => s.Source != TimelineSources.Memory).Select(s => s.Where).Distinct());
        Assert.DoesNotContain(one.Notes, n => n.Contains("the first of", StringComparison.Ordinal));
        Assert.Single(one.Events, e => e.Action == "container created" && e.Names(new EntityRef(EntityKinds.Container, sysdiag)));
    }
}
