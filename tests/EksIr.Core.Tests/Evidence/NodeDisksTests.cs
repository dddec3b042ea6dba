using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Evidence;

/// <summary>The node disks of an incident's evidence: archives and node folders under node/, picked by name or path, the only one by default, never one of several by guess.</summary>
public sealed class NodeDisksTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Archives_and_node_folders_under_node_are_listed_and_picked_by_name_or_path()
    {
        _temp.Write("node/ip-10-0-1-2.ec2.internal.tar.gz", "");
        _temp.Write("node/b.tgz", "");
        _temp.Write("node/c/var/lib/containerd/x", "");
        _temp.Write("node/notes.txt", "");
        _temp.Write("node/empty-folder/readme", "");
        var root = new EvidenceRoot(_temp.Path);

        Assert.Equal(["node/b.tgz", "node/c", "node/ip-10-0-1-2.ec2.internal.tar.gz"], NodeDisks.In(root));
        Assert.Equal("node/ip-10-0-1-2.ec2.internal.tar.gz", NodeDisks.Pick(root, "ip-10-0-1-2.ec2.internal"));
        Assert.Equal("node/c", NodeDisks.Pick(root, "c"));
        Assert.Equal("node/b.tgz", NodeDisks.Pick(root, "node/b.tgz"));
        var several = Assert.Throws<EvidenceAccessException>(() => NodeDisks.Pick(root, null));
        Assert.Equal("node/: holds 3 node disks: b (node/b.tgz), c (node/c), ip-10-0-1-2.ec2.internal (node/ip-10-0-1-2.ec2.internal.tar.gz); name the one to read with --node NAME", several.Message);
        var unknown = Assert.Throws<EvidenceAccessException>(() => NodeDisks.Pick(root, "ip-10-0-9-9"));
        Assert.StartsWith("ip-10-0-9-9: no such node archive or folder; node/ holds b (node/b.tgz), c (node/c), ", unknown.Message);
    }

    [Fact]
    public void The_only_node_disk_is_picked_node_itself_may_be_the_root_and_no_node_folder_picks_none()
    {
        _temp.Write("one/node/ip-a.tar", "");
        _temp.Write("root/node/var/lib/docker/x", "");
        _temp.Write("none/cloudtrail/x.json", "");

        Assert.Equal("node/ip-a.tar", NodeDisks.Pick(new EvidenceRoot(_temp.Combine("one")), null));
        Assert.Equal("node", NodeDisks.Pick(new EvidenceRoot(_temp.Combine("root")), null));
        Assert.Null(NodeDisks.Pick(new EvidenceRoot(_temp.Combine("none")), null));
        Assert.Throws<EvidenceAccessException>(() => NodeDisks.Pick(new EvidenceRoot(_temp.Combine("none")), "ip-a"));
    }
}
