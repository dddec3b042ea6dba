using System.Runtime.InteropServices;
using System.Text;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;

namespace EksIr.Core.Tests.Containers;

/// <summary>Overlay rules on layer directories built in code: whiteouts, opaque directories, hostile names and links.</summary>
public sealed class OverlayLayersTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private OverlayFilesystem Layers(params string[] names) =>
        new(names.Select(n => new OverlayLayer(n, Encoding.UTF8.GetBytes(n), "layers/" + n)).ToArray(), new HostFolderVolume(_temp.Path));

    private void File(string layer, string path, string content = "x") => _temp.Write(Path.Combine(layer, path.TrimStart('/')), content);

    [Fact]
    public void Aufs_style_whiteouts_and_opaque_markers_hide_lower_entries()
    {
        File("lower", "etc/keep", "lower");
        File("lower", "etc/gone", "lower");
        File("lower", "opt/app/old.bin");
        File("lower", "opt/app/lib.so");
        File("upper", "etc/.wh.gone", "");
        File("upper", "opt/app/.wh..wh..opq", "");
        File("upper", "opt/app/new.bin");
        var fs = Layers("upper", "lower");

        Assert.Equal(["/etc/keep"], fs.List("/etc").Select(e => e.DisplayPath));
        Assert.Null(fs.Lookup("/etc/gone"));
        Assert.Equal(["/opt/app/new.bin"], fs.List("/opt/app").Select(e => e.DisplayPath));
        Assert.Null(fs.Lookup("/opt/app/lib.so"));

        var changes = OverlayDiff.Changes(fs).Select(c => $"{c.Change} {c.Path}").Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("D /etc/gone", changes);
        Assert.Contains("A /opt/app/new.bin", changes);
        Assert.DoesNotContain(changes, c => c.Contains(".wh."));
    }

    [Fact]
    public void Absolute_and_dot_dot_links_resolve_inside_the_container()
    {
        File("lower", "etc/shadow", "container-shadow");
        Directory.CreateDirectory(_temp.Combine("upper", "app"));
        System.IO.File.CreateSymbolicLink(_temp.Combine("upper", "app", "abs"), "/etc/shadow");
        System.IO.File.CreateSymbolicLink(_temp.Combine("upper", "app", "climb"), "../../../../../../etc/shadow");
        System.IO.File.CreateSymbolicLink(_temp.Combine("upper", "app", "loop1"), "loop2");
        System.IO.File.CreateSymbolicLink(_temp.Combine("upper", "app", "loop2"), "loop1");
        var fs = Layers("upper", "lower");

        Assert.Equal("container-shadow", new StreamReader(fs.OpenRead("/app/abs")).ReadToEnd());
        Assert.Equal("container-shadow", new StreamReader(fs.OpenRead("/app/climb")).ReadToEnd());
        Assert.Contains("too many levels of symbolic links", Assert.Throws<EvidenceAccessException>(() => fs.OpenRead("/app/loop1")).Message);
    }

    [Fact]
    public void Non_utf8_file_names_are_shown_losslessly_and_can_be_read_back()
    {
        Directory.CreateDirectory(_temp.Combine("upper", "tmp"));
        byte[] name = [.. "evil-"u8, 0xff, 0xfe, .. "\\x.sh"u8];
        var host = RawPath.Join(Encoding.UTF8.GetBytes(_temp.Combine("upper", "tmp")), name);
        using (var handle = CreateFile(host))
        {
        }

        var fs = Layers("upper");

        var entry = Assert.Single(fs.List("/tmp"));
        Assert.Equal("/tmp/evil-\\xff\\xfe\\x5cx.sh", entry.DisplayPath);
        Assert.Equal(name, RawPath.Parse("evil-\\xff\\xfe\\x5cx.sh"));
        Assert.NotNull(fs.Lookup(entry.DisplayPath));
        using var stream = fs.OpenRead(entry.DisplayPath);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void A_fifo_or_other_special_file_is_never_opened_for_reading()
    {
        Directory.CreateDirectory(_temp.Combine("upper", "run"));
        Assert.Equal(0, mkfifo(_temp.Combine("upper", "run", "pipe"), 0x1a4));
        var fs = Layers("upper");

        var error = Assert.Throws<EvidenceAccessException>(() => fs.OpenRead("/run/pipe"));
        Assert.Contains("is a fifo, not a regular file", error.Message);
        Assert.Equal(FileKind.Fifo, fs.Lookup("/run/pipe")!.Status.Kind);
    }

    [Fact]
    public void A_missing_layer_directory_gives_an_empty_view_not_a_crash_and_is_said()
    {
        var fs = Layers("does-not-exist");

        Assert.Null(fs.Lookup("/etc/passwd"));
        Assert.Empty(OverlayDiff.Changes(fs));
        var problem = Assert.Single(fs.Problems);
        Assert.Equal(("layers/does-not-exist", OverlayFilesystem.LayerMissing), (problem.File, problem.Problem));
    }

    [Fact]
    public void A_missing_upper_layer_leaves_the_image_readable_and_the_diff_empty_and_both_are_said()
    {
        File("lower", "etc/passwd", "root:x:0:0");
        var fs = Layers("removed-upper", "lower");

        Assert.Equal("root:x:0:0", new StreamReader(fs.OpenRead("/etc/passwd")).ReadToEnd());
        Assert.Empty(OverlayDiff.Changes(fs));
        Assert.Equal([("layers/removed-upper", OverlayFilesystem.LayerMissing)], fs.Problems.Select(p => (p.File, p.Problem)));
    }

    [Fact]
    public void A_layer_directory_that_cannot_be_read_is_said_and_the_other_layers_are_still_listed()
    {
        // Root reads any directory, so the denial a mounted volume gives a non-root analyst comes from the volume here.
        File("upper", "etc/app.conf");
        File("lower", "etc/passwd");
        var denied = Encoding.UTF8.GetBytes("lower/etc");
        var fs = new OverlayFilesystem(
            [new OverlayLayer("upper", "upper"u8.ToArray(), "layers/upper"), new OverlayLayer("lower", "lower"u8.ToArray(), "layers/lower")],
            new DeniedDirectoryVolume(new HostFolderVolume(_temp.Path), denied));

        Assert.Equal(["/etc/app.conf"], fs.List("/etc").Select(e => e.DisplayPath));
        var problem = Assert.Single(fs.Problems);
        Assert.Equal(("layers/lower", "/etc"), (problem.File, problem.Where));
        Assert.StartsWith("not readable in this layer: ", problem.Problem);
        Assert.Contains("Permission denied", problem.Problem);
    }

    [Fact]
    public void A_directory_of_the_upper_layer_that_cannot_be_read_is_said_and_what_it_holds_is_not_in_the_diff()
    {
        File("upper", "etc/app.conf");
        File("upper", "var/cache/x");
        File("lower", "etc/passwd");
        var fs = new OverlayFilesystem(
            [new OverlayLayer("upper", "upper"u8.ToArray(), "layers/upper"), new OverlayLayer("lower", "lower"u8.ToArray(), "layers/lower")],
            new DeniedDirectoryVolume(new HostFolderVolume(_temp.Path), "upper/var/cache"u8.ToArray()));

        var changes = OverlayDiff.Changes(fs).Select(c => $"{c.Change} {c.Path}").ToList();

        Assert.Equal(["C /etc", "A /etc/app.conf", "A /var", "A /var/cache"], changes);
        var problem = Assert.Single(fs.Problems);
        Assert.Equal(("layers/upper", "/var/cache"), (problem.File, problem.Where));
        Assert.Matches("^not readable: .*Permission denied; what it holds is not in the diff$", problem.Problem);
    }

    /// <summary>A volume whose one directory cannot be listed, as open(2) refuses it (EACCES).</summary>
    private sealed class DeniedDirectoryVolume(EvidenceVolume volume, byte[] denied) : EvidenceVolume
    {
        public override string Location => volume.Location;

        public override FileStatus? Lstat(ReadOnlySpan<byte> path) => volume.Lstat(path);

        public override List<byte[]> ReadDirectory(ReadOnlySpan<byte> path) =>
            path.SequenceEqual(denied) ? throw new IOException($"{Encoding.UTF8.GetString(path)}: opendir failed: Permission denied") : volume.ReadDirectory(path);

        public override byte[] ReadLink(ReadOnlySpan<byte> path) => volume.ReadLink(path);

        public override byte[]? GetXattr(ReadOnlySpan<byte> path, string name) => volume.GetXattr(path, name);

        public override Stream OpenRead(ReadOnlySpan<byte> path) => volume.OpenRead(path);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int creat(byte[] path, int mode);

    [DllImport("libc")]
    private static extern int close(int fd);

    private static IDisposable CreateFile(byte[] path)
    {
        var fd = creat([.. path, 0], 0x1a4);
        Assert.True(fd >= 0);
        return new Closer(fd);
    }

    private sealed class Closer(int fd) : IDisposable
    {
        public void Dispose() => close(fd);
    }
}
