using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>The incident folder's layout is found with what could not be looked in named, never passed over.</summary>
public sealed class IncidentSourcesTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_node_folder_the_walk_cannot_go_below_is_named_and_the_archive_beside_it_is_found()
    {
        _temp.Write("node/ip-10-0-0-1.tar.gz", "");
        DeepDirectory.Make(Directory.CreateDirectory(_temp.Combine("node", "deep")).FullName, "d", PathDepth.MaxComponents + 6);

        var (sources, notes) = IncidentSources.Find(new EvidenceRoot(_temp.Path));

        Assert.Equal("node/ip-10-0-0-1.tar.gz", sources.Node);
        var note = Assert.Single(notes, n => n.StartsWith("node/deep/d/d/", StringComparison.Ordinal));
        Assert.EndsWith($": not readable: deeper than {PathDepth.MaxComponents} path components below the walk's start; not followed; a node archive in it is not found", note);
    }
}
