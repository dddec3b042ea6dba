namespace EksIr.Cli.Tests.Disk;

/// <summary>
/// eksir logs on the sample node: messages in time order, with --tail N and --tail all; the JSON names the file each came from. Expected from the CRI files themselves (var/log/pods/default_sysdiag_…/sysdiag/): 0.log holds
/// "fetching … (attempt 1) ok" as partial chunks from 06:23:31.538629890 to .555880855, with "connect: network is
/// unreachable" (06:23:31.550279626) written between them; the rotated 0.log.20261120-091500.gz holds the two messages before.
/// </summary>
public sealed class LogsInTimeOrderTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample() => Repo.Path("sample-data", "incident-1");

    private static string[] Lines(ProcessResult run) => [.. run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Length > 120 ? l[..120] : l)];

    [Fact]
    public async Task Logs_are_in_time_order_with_the_file_each_came_from_and_tail_takes_the_latest()
    {
        var all = await ProcessRun.EksirAsync(_temp.Path, "logs", Sample(), "--container", "sysdiag");
        var streamed = await ProcessRun.EksirAsync(_temp.Path, "logs", Sample(), "--container", "sysdiag", "--tail", "all");
        var json2 = await ProcessRun.EksirAsync(_temp.Path, "logs", Sample(), "--container", "sysdiag", "--json");
        var two = await ProcessRun.EksirAsync(_temp.Path, "logs", Sample(), "--container", "sysdiag", "--tail", "2");

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal(
        [
            "2026-11-29T06:23:31.516358356Z stdout sysdiag agent 0.9 starting",
            "2026-11-29T06:23:31.524508813Z stderr warning: running privileged",
            "2026-11-29T06:23:31.532467025Z stdout sysdiag agent 1.0 starting",
            "2026-11-29T06:23:31.538629890Z stdout fetching http://203.0.113.50/drop (attempt 1) ok",
            "2026-11-29T06:23:31.550279626Z stderr connect: network is unreachable",
            "2026-11-29T06:23:31.561954671Z stdout " + new string('A', 120 - 38),
        ], Lines(all));
        Assert.True(streamed.ExitCode == 0, streamed.ToString());
        Assert.Equal(Lines(all), Lines(streamed));
        Assert.True(two.ExitCode == 0, two.ToString());
        Assert.Equal(Lines(all)[^2..], Lines(two));
        Assert.Contains("the last 2 of 6 messages shown", two.StdErr);
        using var json = System.Text.Json.JsonDocument.Parse(json2.StdOut);
        Assert.Equal(["var/log/pods/default_sysdiag_3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b/sysdiag/0.log.20261120-091500.gz", "var/log/pods/default_sysdiag_3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b/sysdiag/0.log"],
            json.RootElement.EnumerateArray().Select(r => r.GetProperty("file").GetString()).Distinct());
        Assert.Equal(Lines(all).Select(l => l[..30]), json.RootElement.EnumerateArray().Select(r => r.GetProperty("time").GetString()));
    }
}
