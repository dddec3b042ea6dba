using System.Security.Cryptography;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using Xunit.Abstractions;

namespace EksIr.Core.Tests.Containers;

[Collection(ContainerdNodeCollection.Name)]
public sealed class OverlayFilesystemTests(ContainerdNode node, ITestOutputHelper output)
{
    [ContainerdFact]
    public void Diff_of_the_intruded_container_shows_the_dropped_modified_and_deleted_files()
    {
        var (_, fs) = ContainerFilesystems.Open(new EvidenceRoot(node.Root), ContainerdNode.AppId[..12]);

        var changes = OverlayDiff.Changes(fs).ToList();
        foreach (var c in changes)
        {
            output.WriteLine($"{c.Change} {c.Path}");
        }

        Assert.Contains(changes, c => c is { Change: 'A', Path: "/tmp/.x" });
        Assert.Contains(changes, c => c is { Change: 'A', Path: "/tmp/.x/miner.sh" });
        Assert.Contains(changes, c => c is { Change: 'A', Path: "/tmp/.x/sh" });
        Assert.Contains(changes, c => c is { Change: 'C', Path: "/etc/sysdiag.conf" });
        Assert.Contains(changes, c => c is { Change: 'D', Path: "/var/www/index.html" });
        Assert.Contains(changes, c => c is { Change: 'C', Path: "/var/www" });
        Assert.DoesNotContain(changes, c => c.Path is "/bin/busybox" or "/etc/passwd");
        Assert.Equal(changes.Count, changes.Select(c => c.Path).Distinct().Count());
        Assert.Equal(0x800, Assert.Single(changes, c => c.Path == "/tmp/.x/sh").Status!.Mode & 0x800); // setuid kept
    }

    [ContainerdFact]
    public void The_mount_points_containerd_made_are_left_out_of_the_diff_and_listed_marked_when_asked()
    {
        // containerd's default spec mounts /proc, /dev (with /dev/pts, /dev/shm, /dev/mqueue inside its tmpfs), /sys and
        // /run (oci/mounts.go); runc makes the four the image lacks in the container's layer before mounting onto them.
        var root = new EvidenceRoot(node.Root);

        var diff = ContainerDiff.Of(root, ContainerdNode.AppId[..12]);
        var all = ContainerDiff.Of(root, ContainerdNode.AppId[..12], withRuntimeMade: true);

        Assert.Equal(["/dev", "/proc", "/run", "/sys"], all.Changes.Where(c => c.RuntimeMade).Select(c => c.Path));
        Assert.All(all.Changes.Where(c => c.RuntimeMade), c => Assert.Equal(("A", "directory"), (c.Change, c.Type)));
        Assert.Equal(all.Changes.Where(c => !c.RuntimeMade), diff.Changes);
        Assert.Equal(4, diff.RuntimeMadeLeftOut);
        Assert.Contains(diff.Changes, c => c is { Change: "A", Path: "/tmp/.x/miner.sh" });
        Assert.Contains("4 empty mount points the runtime made left out", diff.Summary);
    }

    [ContainerdFact]
    public void The_merged_view_reads_what_the_container_saw_with_provenance_and_deleted_files_gone()
    {
        var log = new EvidenceReadLog();
        var (_, fs) = ContainerFilesystems.Open(new EvidenceRoot(node.Root), "sysdiag", log);

        using (var reader = new StreamReader(fs.OpenRead("/etc/sysdiag.conf")))
        {
            Assert.Equal("debug=true\nupload=http://203.0.113.50/drop\n", reader.ReadToEnd());
        }

        Assert.Null(fs.Lookup("/var/www/index.html"));
        Assert.Empty(fs.List("/var/www"));
        var passwd = fs.Lookup("/etc/passwd")!;
        Assert.Equal(fs.Layers.Count - 1, passwd.LayerIndex); // from the image layer
        Assert.Equal(0, fs.Lookup("/etc/sysdiag.conf")!.LayerIndex); // from the container's own layer
        Assert.Equal(["/tmp/.x/miner.sh", "/tmp/.x/sh"], fs.List("/tmp/.x").Select(e => e.DisplayPath));
        Assert.Equal("busybox", fs.Lookup("/bin/sh")!.DisplayLinkTarget);

        var read = Assert.Single(log.Drain());
        Assert.Equal($"var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/{fs.Layers[0].Id}/fs/etc/sysdiag.conf", read.Path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("debug=true\nupload=http://203.0.113.50/drop\n"u8)), read.Sha256);
    }

    [ContainerdFact]
    public void Symlinks_in_the_container_resolve_inside_it_never_on_the_host()
    {
        var (_, fs) = ContainerFilesystems.Open(new EvidenceRoot(node.Root), ContainerdNode.AppId);

        var sh = fs.Lookup(System.Text.Encoding.UTF8.GetBytes("/bin/sh"), followFinalLink: true)!;
        Assert.Equal("/bin/busybox", sh.DisplayPath);
        Assert.Null(fs.Lookup("/etc/shadow")); // the host has one; the container has none
        Assert.Throws<EvidenceAccessException>(() => fs.OpenRead("/etc/shadow"));
    }
}
