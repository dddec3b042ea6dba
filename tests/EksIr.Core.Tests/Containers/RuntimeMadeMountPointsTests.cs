using System.Text;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.FileSystems;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// Mount points runc makes in a container's layer before mounting onto them (empty directories, empty files for file
/// bind mounts: runc libcontainer/rootfs_linux.go createIfNotExists), on layers built in code.
/// </summary>
public sealed class RuntimeMadeMountPointsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private OverlayFilesystem Layers() =>
        new(new[] { "upper", "lower" }.Select(n => new OverlayLayer(n, Encoding.UTF8.GetBytes(n), "layers/" + n)).ToArray(), new HostFolderVolume(_temp.Path));

    private void File(string layer, string path, string content = "x") => _temp.Write(Path.Combine(layer, path.TrimStart('/')), content);

    private void Folder(string layer, string path) => Directory.CreateDirectory(_temp.Combine(layer, path.TrimStart('/')));

    private string[] Marked() =>
        OverlayDiff.Changes(Layers()).Select(c => $"{c.Change} {c.Path}{(c.RuntimeMade ? " runtime-made" : "")}").ToArray();

    [Fact]
    public void Empty_mount_points_at_the_runtimes_paths_are_marked_and_anything_with_content_is_not()
    {
        File("lower", "/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
        File("lower", "/bin/sh");
        Folder("upper", "/proc");
        File("upper", "/dev/termination-log", "");
        Folder("upper", "/dev/shm");
        File("upper", "/etc/hosts", "");
        File("upper", "/etc/hostname", "");
        File("upper", "/etc/resolv.conf", "nameserver 203.0.113.53\n"); // an intruder's resolver, not a mount point
        Folder("upper", "/run/secrets/kubernetes.io/serviceaccount");
        File("upper", "/sys/backdoor", "#!/bin/sh\n"); // dropped where a mount point would be: the folder is no longer empty
        Folder("upper", "/proc2");

        Assert.Equal(
        [
            "A /dev runtime-made",
            "A /dev/shm runtime-made",
            "A /dev/termination-log runtime-made",
            "C /etc",
            "A /etc/hostname runtime-made",
            "A /etc/hosts runtime-made",
            "A /etc/resolv.conf",
            "A /proc runtime-made",
            "A /proc2",
            "A /run runtime-made",
            "A /run/secrets runtime-made",
            "A /run/secrets/kubernetes.io runtime-made",
            "A /run/secrets/kubernetes.io/serviceaccount runtime-made",
            "A /sys",
            "A /sys/backdoor",
        ], Marked());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_folder_the_runtime_only_added_mount_points_to_is_marked_unless_its_mode_changed()
    {
        File("lower", "/etc/passwd");
        File("upper", "/etc/hosts", "");
        File("upper", "/etc/resolv.conf", "");

        Assert.Equal(["C /etc runtime-made", "A /etc/hosts runtime-made", "A /etc/resolv.conf runtime-made"], Marked());

        System.IO.File.SetUnixFileMode(_temp.Combine("upper", "etc"), (UnixFileMode)0x1FF); // chmod 777 /etc: the container's own change

        Assert.Equal(["C /etc", "A /etc/hosts runtime-made", "A /etc/resolv.conf runtime-made"], Marked());
    }

    [Fact]
    public void A_link_or_a_file_with_content_at_a_mount_point_path_is_the_containers_own_change()
    {
        File("lower", "/bin/sh");
        Directory.CreateDirectory(_temp.Combine("upper"));
        System.IO.File.CreateSymbolicLink(_temp.Combine("upper", "proc"), "/tmp");
        File("upper", "/etc/hosts", "203.0.113.50 api.example\n");
        File("upper", "/run", ""); // a file where the runtime makes a folder

        Assert.Equal(["A /etc", "A /etc/hosts", "A /proc", "A /run"], Marked());
    }

    [Fact]
    public void Hidden_image_entries_under_a_folder_made_again_are_each_deleted_and_the_folder_changed()
    {
        // As moby's naive diff (the image's merged tree against the container's) reports rm -rf /opt/app; mkdir -p /opt/app/lib.
        File("lower", "/opt/app/app.conf");
        File("lower", "/opt/app/lib/libapp.so");
        File("lower", "/opt/app/lib/deep/x");
        File("upper", "/opt/app/.wh..wh..opq", "");
        File("upper", "/opt/app/lib/new.so");
        File("upper", "/opt/app/new/y");

        Assert.Equal(
        [
            "C /opt",
            "C /opt/app",
            "D /opt/app/app.conf",
            "C /opt/app/lib",
            "D /opt/app/lib/deep",
            "D /opt/app/lib/libapp.so",
            "A /opt/app/lib/new.so",
            "A /opt/app/new",
            "A /opt/app/new/y",
        ], Marked());
    }
}
