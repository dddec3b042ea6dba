using System.Runtime.InteropServices;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Timeline;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// A container that made a directory 10,000 levels deep in its writable layer (mkdir d; cd d; … — no single path
/// can name the bottom). Every disk verb completes over it, follows it down to the depth limit and says what lies
/// deeper; on the node folder and on a tar of it.
/// </summary>
[Collection(ContainerdNodeCollection.Name)]
public sealed class DeepTreeTests(ContainerdNode node) : IDisposable
{
    private const int Depth = 10_000;
    private const int ArchivedDepth = 2_000; // GNU tar writes every level's whole name: 2,000 levels are 4 MB of names, 10,000 would be 100 MB
    private readonly TempDir _temp = new();

    public void Dispose()
    {
        // .NET deletes by whole paths, which Linux refuses past PATH_MAX; rm walks the tree relative to each directory.
        ProcessRun.RunAsync("rm", ["-rf", _temp.Path], "/", TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        _temp.Dispose();
    }

    [ContainerdFact]
    public async Task Status_diff_ls_timeline_and_layers_follow_a_10000_deep_directory_to_the_limit_and_report_the_rest()
    {
        var (copy, layer) = await NodeWithDeepDirectory(Depth);
        var root = new EvidenceRoot(copy);

        var status = NodeStatus.Of(root);
        var diff = ContainerDiff.Of(root, "sysdiag");
        var listing = ContainerFileListing.Of(root, "sysdiag", "/", recursive: true);
        var timeline = ContainerTimeline.Of(root, "sysdiag");
        var layers = ContainerLayers.Of(root, "sysdiag");

        Assert.Equal(3, Assert.Single(status.Engines).Containers); // the pod's sandbox and container, and one on the native snapshotter
        Assert.Equal(PathDepth.MaxComponents, diff.Changes.Count(c => InChain(c.Path)));
        Assert.All(diff.Changes.Where(c => InChain(c.Path)), c => Assert.Equal("A", c.Change));
        Assert.Equal(PathDepth.MaxComponents, listing.Files.Count(f => InChain(f.Path)));
        Assert.Equal(PathDepth.MaxComponents, timeline.Entries.Count(e => InChain(e.Path)));
        Assert.Equal(PathDepth.MaxComponents * 2, listing.Files.Max(f => f.Path.Length)); // "/d" 1024 times: nothing deeper listed
        foreach (var problems in new[] { diff.Problems, listing.Problems, timeline.Problems, layers.Problems })
        {
            var problem = Assert.Single(problems);
            Assert.Equal(layer, problem.File);
            Assert.StartsWith("/d/d/d/", problem.Where);
            Assert.Contains($"({PathDepth.MaxComponents} components)", problem.Where);
            Assert.Equal("its 1 entry is deeper than 1024 path components; not followed", problem.Problem);
        }

        var (_, fs) = ContainerFilesystems.Open(root, "sysdiag");
        var tooDeep = string.Concat(Enumerable.Repeat("/d", PathDepth.MaxComponents + 1));
        Assert.Contains("deeper than 1024 path components in the container; not followed",
            Assert.Throws<EvidenceAccessException>(() => fs.Lookup(tooDeep)).Message);
        Assert.NotNull(fs.Lookup(string.Concat(Enumerable.Repeat("/d", PathDepth.MaxComponents))));
    }

    [ContainerdFact]
    public async Task On_a_tar_of_the_node_the_members_below_the_limit_are_one_problem_and_every_verb_completes()
    {
        var (copy, layer) = await NodeWithDeepDirectory(ArchivedDepth);
        var archive = _temp.Combine("node.tar");
        var tar = await ProcessRun.RunAsync("tar", ["--format=pax", "-C", copy, "-cf", archive, "."], _temp.Path, TimeSpan.FromMinutes(5));
        Assert.True(tar.ExitCode == 0, tar.ToString());
        var root = EvidenceRoot.Open(archive);

        // In the archive each level is a member named ./<layer>/d/…/d/; those past 1024 components are one problem.
        var layerComponents = layer.Split('/').Length;
        var firstTooDeep = PathDepth.MaxComponents + 1 - layerComponents; // how many d's the first member past the limit has
        var problem = Assert.Single(root.Problems);
        Assert.StartsWith($"./{layer}/d/d/", problem.Problem);
        Assert.EndsWith($"d/d/: {PathDepth.MaxComponents + 1} path components, deeper than 1024; not followed, nor {ArchivedDepth - firstTooDeep} more members that deep below the same folder",
            problem.Problem);

        var status = NodeStatus.Of(root);
        var diff = ContainerDiff.Of(root, "sysdiag");
        var listing = ContainerFileListing.Of(root, "sysdiag", "/", recursive: true);

        Assert.Contains(status.Problems, p => p.Problem == problem.Problem);
        Assert.Contains(diff.Problems, p => p.Problem == problem.Problem);
        Assert.Equal(firstTooDeep - 1, diff.Changes.Count(c => InChain(c.Path)));
        Assert.Equal(firstTooDeep - 1, listing.Files.Count(f => InChain(f.Path)));
    }

    private static bool InChain(string path) => path == "/d" || path.StartsWith("/d/", StringComparison.Ordinal);

    /// <summary>A copy of the real containerd node whose sysdiag container made /d/d/…/d, <paramref name="depth"/> levels; and that layer's evidence path.</summary>
    private async Task<(string Copy, string Layer)> NodeWithDeepDirectory(int depth)
    {
        var copy = _temp.Combine("node");
        var copied = await ProcessRun.RunAsync("cp", ["-a", node.Root, copy], _temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(copied.ExitCode == 0, copied.ToString());
        var (_, fs) = ContainerFilesystems.Open(new EvidenceRoot(copy), "sysdiag");
        var layer = fs.Layers[0].EvidencePath;
        MakeChain(Path.Combine(copy, layer), "d", depth);
        return (copy, layer);
    }

    private static void MakeChain(string top, string name, int depth) => DeepDirectory.Make(top, name, depth);
}
