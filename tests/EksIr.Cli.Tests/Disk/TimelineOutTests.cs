using EksIr.Cli.Tests.Hostile;

namespace EksIr.Cli.Tests.Disk;

/// <summary>eksir timeline --out: says where it wrote, and does not replace an existing file unless --force.</summary>
public sealed class TimelineOutTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Out_says_where_it_wrote_and_replaces_a_file_only_with_force()
    {
        var node = HandMadeDockerNode.Write(_temp);
        var file = _temp.Combine("timelines", "web.body");

        var written = await ProcessRun.EksirAsync(_temp.Path, "timeline", node, "--container", "web", "--out", file);
        var first = File.ReadAllText(file);
        var again = await ProcessRun.EksirAsync(_temp.Path, "timeline", node, "--container", "web", "--out", file, "--format", "timesketch");
        var kept = File.ReadAllText(file);
        var forced = await ProcessRun.EksirAsync(_temp.Path, "timeline", node, "--container", "web", "--out", file, "--format", "timesketch", "--force");

        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.Equal("", written.StdOut);
        Assert.Equal($"timeline of web: 1 changed path written to {file}", written.StdErr.TrimEnd());
        // A TSK bodyfile line: MD5|name|inode|mode|UID|GID|size|atime|mtime|ctime|crtime (sleuthkit.org, Body file).
        Assert.Equal(11, first.TrimEnd('\n').Split('|').Length);
        Assert.Contains("/inside.txt", first);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"eksir timeline: --out {file} exists; give --force to replace it, or another path", again.StdErr.TrimEnd());
        Assert.Equal(first, kept);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.StartsWith("{", File.ReadAllText(file));
    }
}
