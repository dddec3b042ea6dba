using System.Text;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;

namespace EksIr.Core.Tests.FileSystems;

/// <summary>The host folder volume resolves every path beneath its top, whatever bytes a caller hands it.</summary>
public sealed class HostFolderVolumeTests : IDisposable
{
    private readonly TempDir _temp = new();

    public HostFolderVolumeTests()
    {
        _temp.Write("evidence/var/log/app.log", "inside\n");
        _temp.Write("outside/secret", "HOST SECRET\n");
        Directory.CreateSymbolicLink(_temp.Combine("evidence", "var", "escape"), _temp.Combine("outside"));
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Dot_dot_in_a_volume_path_is_refused_by_every_call(bool openat2)
    {
        using var volume = new HostFolderVolume(_temp.Combine("evidence"), openat2);
        var up = "var/../../outside/secret"u8.ToArray();

        Assert.Throws<IOException>(() => volume.OpenRead(up));
        Assert.Throws<IOException>(() => volume.Lstat(up));
        Assert.Throws<IOException>(() => volume.ReadDirectory("../outside"u8));
        Assert.Throws<IOException>(() => volume.HostFile(up));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_link_inside_a_volume_path_is_never_followed_by_the_host(bool openat2)
    {
        using var volume = new HostFolderVolume(_temp.Combine("evidence"), openat2);

        var error = Assert.Throws<IOException>(() => volume.OpenRead("var/escape/secret"u8));
        Assert.Contains("symbolic link", error.Message);
        Assert.Throws<IOException>(() => volume.ReadDirectory("var/escape"u8.ToArray().Concat("/."u8.ToArray()).ToArray()));
        Assert.Equal(FileKind.SymbolicLink, volume.Lstat("var/escape"u8)!.Kind); // the link itself is described
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Files_below_the_top_are_read_listed_and_described(bool openat2)
    {
        using var volume = new HostFolderVolume(_temp.Combine("evidence"), openat2);

        using (var reader = new StreamReader(volume.OpenRead("var/log/app.log"u8)))
        {
            Assert.Equal("inside\n", reader.ReadToEnd());
        }

        Assert.Equal(["escape", "log"], volume.ReadDirectory("var"u8).Select(n => Encoding.UTF8.GetString(n)));
        Assert.Equal(7, volume.Lstat("var/log/app.log"u8)!.Size);
        Assert.Null(volume.Lstat("var/nothing/here"u8));
    }

    [Fact]
    public void The_evidence_root_refuses_a_displayed_path_that_decodes_to_dot_dot()
    {
        var root = new EvidenceRoot(_temp.Combine("evidence"));

        Assert.Throws<EvidenceAccessException>(() => root.OpenRead("var/\\x2e\\x2e/\\x2e\\x2e/outside/secret"));
        Assert.Throws<EvidenceAccessException>(() => root.OpenRead("var\\x2f..\\x2f..\\x2foutside/secret"));
        Assert.Throws<EvidenceAccessException>(() => root.Resolve("a/\\x2e\\x2e\\x2f"));
    }
}
