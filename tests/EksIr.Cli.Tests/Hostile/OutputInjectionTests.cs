using System.Text.Json;

namespace EksIr.Cli.Tests.Hostile;

/// <summary>Text from evidence cannot forge rows in line-based outputs or drive the analyst's terminal.</summary>
public sealed class OutputInjectionTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [ProgramFact("mactime", "sleuthkit")]
    public async Task A_newline_or_pipe_in_a_file_name_adds_no_row_to_the_bodyfile_mactime_reads()
    {
        var node = HandMadeDockerNode.Write(_temp);
        var upper = HandMadeDockerNode.UpperDir(_temp);
        File.WriteAllText(Path.Combine(upper, "evil\n0|forged|1|-rw-r--r--|0|0|1|1|1|1|1"), "x");
        File.WriteAllText(Path.Combine(upper, "pipe|0|forged2"), "x");

        var timeline = await ProcessRun.EksirAsync(_temp.Path, "timeline", node, "--container", "web");
        Assert.True(timeline.ExitCode == 0, timeline.ToString());
        var body = _temp.Write("body.txt", timeline.StdOut);
        var mactime = await ProcessRun.RunAsync("mactime", ["-b", body, "-d", "-y", "-z", "UTC"], _temp.Path, TimeSpan.FromMinutes(1));

        Assert.True(mactime.ExitCode == 0, mactime.ToString());
        var names = mactime.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[^1].Trim('"')).Distinct().Order().ToArray();
        Assert.Equal(3, timeline.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(["web:/evil\\x0a0\\x7cforged\\x7c1\\x7c-rw-r--r--\\x7c0\\x7c0\\x7c1\\x7c1\\x7c1\\x7c1\\x7c1", "web:/inside.txt", "web:/pipe\\x7c0\\x7cforged2"], names);
    }

    [Fact]
    public async Task Terminal_control_sequences_in_a_container_log_are_shown_escaped()
    {
        // An OSC title change, a screen clear and a C1 CSI, as a process inside the container can print them.
        var line = JsonSerializer.Serialize(new { log = "owned \u001b]0;pwned\u0007\u001b[2J\u009b31m done\n", stream = "stdout", time = "2026-11-29T06:21:00.000000000Z" });
        var node = HandMadeDockerNode.Write(_temp, jsonLog: line + "\n");

        var text = await ProcessRun.EksirAsync(_temp.Path, "logs", node, "--container", "web");
        var json = await ProcessRun.EksirAsync(_temp.Path, "logs", node, "--container", "web", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.DoesNotContain(text.StdOut, c => char.IsControl(c) && c != '\n');
        Assert.Contains("owned \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m done", text.StdOut);
        Assert.DoesNotContain(json.StdOut, c => char.IsControl(c) && c is not ('\n' or ' ' or '\r'));
        using var doc = JsonDocument.Parse(json.StdOut);
        Assert.Equal("owned \u001b]0;pwned\u0007\u001b[2J\u009b31m done", doc.RootElement[0].GetProperty("message").GetString());
    }
}
