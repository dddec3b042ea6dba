namespace EksIr.Cli.Tests.Disk;

/// <summary><c>--scratch DIR</c> and <c>--scratch-limit SIZE</c>: where a gzip node archive is unpacked to be read, and how far.</summary>
public sealed class ScratchOptionsTests : IDisposable
{
    private static readonly string Archive = Repo.Path("sample-data", "incident-1", "node", "ip-192-168-23-107.us-west-2.compute.internal.tar.gz");
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_node_archive_larger_than_the_scratch_limit_stops_the_verb_naming_the_archive_the_folder_and_the_options()
    {
        var scratch = _temp.Combine("scratch");
        Directory.CreateDirectory(scratch);

        var refused = await ProcessRun.EksirAsync(_temp.Path, "status", Archive, "--scratch", scratch, "--scratch-limit", "64K");
        var read = await ProcessRun.EksirAsync(_temp.Path, "status", Archive, "--scratch", scratch, "--scratch-limit", "1G");
        var badLimit = await ProcessRun.EksirAsync(_temp.Path, "diff", Archive, "--container", "sysdiag", "--scratch-limit", "lots");

        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith($"eksir status: {Archive}: unpacking it for reading needs more than 64 KiB (65536 bytes) of scratch space in {scratch} (the limit set;", refused.StdErr);
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Contains("containerd", read.StdOut);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
        Assert.Equal(2, badLimit.ExitCode);
        Assert.Contains("--scratch-limit: 'lots' is not a size (bytes, or a number with K, M, G or T: 50G)", badLimit.StdErr);
    }
}
