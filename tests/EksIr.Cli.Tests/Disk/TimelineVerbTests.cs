namespace EksIr.Cli.Tests.Disk;

[Collection(ContainerdNodeCollection.Name)]
public sealed class TimelineVerbTests(ContainerdNode node) : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [ProgramFact("mactime", "sleuthkit", needsContainerdNode: true)]
    public async Task The_bodyfile_goes_through_tsk_mactime()
    {
        var body = await ProcessRun.EksirAsync(_temp.Path, "timeline", node.Root, "--container", "sysdiag");
        File.WriteAllText(_temp.Combine("body.txt"), body.StdOut);

        var mactime = await ProcessRun.RunAsync("mactime", ["-b", _temp.Combine("body.txt"), "-d", "-z", "UTC"], _temp.Path, TimeSpan.FromMinutes(1));

        Assert.True(mactime.ExitCode == 0, mactime.ToString());
        Assert.Contains("\"sysdiag:/tmp/.x/miner.sh\"", mactime.StdOut);
        Assert.Contains("\"sysdiag:/var/www/index.html (deleted)\"", mactime.StdOut);
    }

    [Fact]
    public async Task An_unknown_format_is_a_usage_error()
    {
        var result = await ProcessRun.EksirAsync(_temp.Path, "timeline", _temp.Path, "--container", "x", "--format", "csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--format is bodyfile or timesketch, not 'csv'", result.StdErr);
    }
}
