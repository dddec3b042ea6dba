using System.Text.Json;

namespace EksIr.Cli.Tests.Memory;

/// <summary>The memory verbs' JSON contract (DESIGN.md) on the training incident's memory evidence, through the real eksir.</summary>
public sealed class MemoryVerbsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample(params string[] parts) => Repo.Path(["sample-data", "incident-1", .. parts]);

    [Fact]
    public async Task Lime_json_has_the_range_map_total_and_hash()
    {
        var result = await ProcessRun.EksirAsync(_temp.Path, "lime", Sample("memory", "ip-192-168-23-107.lime"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        var ranges = doc.RootElement.GetProperty("ranges").EnumerateArray().ToList();
        Assert.Equal([(0x1000L, 0x9fffL, 32L, 36864L), (0x100000L, 0x13ffffL, 36928L, 262144L), (0x7ff00000L, 0x7ff0ffffL, 299104L, 65536L)],
            ranges.Select(r => (r.GetProperty("start").GetInt64(), r.GetProperty("end").GetInt64(), r.GetProperty("offset").GetInt64(), r.GetProperty("size").GetInt64())));
        Assert.Equal(364544, doc.RootElement.GetProperty("totalBytes").GetInt64());
        Assert.Equal(File.ReadAllText(Sample("memory", "ip-192-168-23-107.lime.sha256")).Trim(), doc.RootElement.GetProperty("sha256").GetString());
        Assert.True(doc.RootElement.GetProperty("digest").GetProperty("matches").GetBoolean());
    }

    [Fact]
    public async Task Pstree_json_has_the_contract_fields_in_tree_order_and_a_bad_file_is_one_clear_line()
    {
        _temp.Write("notes.txt", "just some notes\n");

        var result = await ProcessRun.EksirAsync(_temp.Path, "pstree", Sample("memory", "volatility"), "--node", Sample("node", "ip-192-168-23-107.us-west-2.compute.internal.tar.gz"), "--json");
        var bad = await ProcessRun.EksirAsync(_temp.Path, "pstree", _temp.Combine("notes.txt"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        var rows = doc.RootElement.EnumerateArray().ToList();
        foreach (var field in new[] { "pid", "ppid", "comm", "args", "depth", "container", "flags" })
        {
            Assert.True(rows[0].TryGetProperty(field, out _), $"missing {field}");
        }

        var exec = rows.Single(r => r.GetProperty("pid").GetInt32() == 5120);
        var container = exec.GetProperty("container");
        Assert.Equal(("8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f", "sysdiag", "default/sysdiag"),
            (container.GetProperty("id").GetString(), container.GetProperty("name").GetString(), container.GetProperty("pod").GetString()));
        Assert.Equal(2, exec.GetProperty("depth").GetInt32());
        Assert.Equal(1, rows[0].GetProperty("pid").GetInt32());

        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("", bad.StdOut);
        Assert.StartsWith("eksir pstree: notes.txt: line 1: no header row of a known plugin", bad.StdErr);
    }

    [Fact]
    public async Task Pstree_of_a_volatility_2_3_pslist_lists_it_flat_with_uids_and_start_times_and_says_there_is_no_tree()
    {
        // tests/RealWorld/volatility2/linux_pslist-2.3.1-lmg.txt: Volatility 2.3.1's output in lmg's README (CC BY, PROVENANCE.md).
        var result = await ProcessRun.EksirAsync(_temp.Path, "pstree", Repo.Path("tests", "RealWorld", "volatility2", "linux_pslist-2.3.1-lmg.txt"));

        Assert.True(result.ExitCode == 0, result.ToString());
        // The listing's "2014-03-29 14:10:23 UTC+0000", shown in the one time format.
        Assert.Equal(["UID  STARTED               PID COMMAND",
                      "0    2014-03-29T14:10:23Z  1 init",
                      "0    2014-03-29T14:10:23Z  2 kthreadd",
                      "0    2014-03-29T14:10:23Z  3 ksoftirqd/0"], result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("note: cannot build a tree: no listing given has parent PIDs, so the 3 processes are listed flat by PID", result.StdErr);
        Assert.DoesNotContain("skipped", result.StdErr);
    }

    [Fact]
    public async Task Ioc_takes_each_repeated_regex_and_string_whole_with_its_commas()
    {
        // A comma belongs to a regex's {m,n} and to a literal such as a user agent: neither is split on it.
        var result = await ProcessRun.EksirAsync(_temp.Path, "ioc", Sample("memory", "ip-192-168-23-107.lime"),
            "--regex", "wget -qO- [a-z]{1,8}://203", "--regex", "miner[.]s[h,]", "--string", "sysdiag", "--string", "no,such,literal", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        var values = doc.RootElement.GetProperty("values").EnumerateArray().Select(v => (v.GetProperty("kind").GetString(), v.GetProperty("value").GetString())).ToList();
        Assert.Contains(("regex 1", "wget -qO- http://203"), values);
        Assert.Contains(("regex 2", "miner.sh"), values);
        Assert.Contains(("string", "sysdiag"), values);
        Assert.DoesNotContain(values, v => v.Item1 == "regex 3" || v.Item2 is "no" or "such" or "literal");
    }
}
