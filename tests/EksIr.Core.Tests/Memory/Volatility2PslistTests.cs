using CsCheck;
using System.Text;
using EksIr.Core.Evidence;
using EksIr.Memory;
using EksIr.Memory.Volatility;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Core.Tests.Memory;

/// <summary>
/// Volatility 2's linux_pslist in both its layouts. Its render_text (volatility/plugins/linux/pslist.py) prints
/// Offset [addrpad], Name "20", Pid "15", Uid "15", Gid "6", DTB [addrpad], Start Time at the tags 2.3.1, 2.4 and 2.5;
/// 2.6 adds PPid "15" after Pid. Columns are joined by one space and padded to their widths (commands.py table_header
/// and table_row); a 64-bit address is "0x" and 16 digits, and a kernel thread's DTB (no mm) is dashes.
/// </summary>
public sealed class Volatility2PslistTests
{
    private static readonly EvidenceRoot RealWorld = new(Repo.Path("tests", "RealWorld"));

    [Fact]
    public void A_volatility_2_3_pslist_from_a_public_readme_is_read_flat_and_says_it_has_no_parent_pids()
    {
        var listing = ProcessListingReader.Read(RealWorld, "volatility2/linux_pslist-2.3.1-lmg.txt");

        Assert.Equal(Vol2Text.PslistWithoutParentsFormat, listing.Format);
        Assert.Empty(listing.Problems);
        Assert.Equal([(1, "init"), (2, "kthreadd"), (3, "ksoftirqd/0")], listing.Rows.Select(r => (r.Pid, r.Comm!)));
        Assert.All(listing.Rows, r => Assert.Equal((null, 0L, "2014-03-29 14:10:23 UTC+0000"), (r.Ppid, r.Uid, r.StartTime)));
        Assert.StartsWith("this output has no parent PIDs", Assert.Single(listing.Notes));
        Assert.False(listing.HasParents);
    }

    [Fact]
    public void Pstree_of_a_listing_without_parents_lists_it_flat_by_pid_and_says_plainly_there_is_no_tree()
    {
        var tree = ProcessTree.Of(RealWorld, "volatility2/linux_pslist-2.3.1-lmg.txt");

        Assert.True(tree.Flat);
        Assert.Equal([(1, 0), (2, 0), (3, 0)], tree.Processes.Select(p => (p.Pid, p.Depth)));
        Assert.All(tree.Processes, p => Assert.Empty(p.Flags)); // ksoftirqd/0 is not "named like a kernel thread": without parents nothing says it is not one
        Assert.Empty(tree.Problems); // nothing damaged: the format has no parents
        Assert.Contains(tree.Notes, n => n.StartsWith("cannot build a tree: no listing given has parent PIDs, so the 3 processes are listed flat", StringComparison.Ordinal));
        Assert.Contains(tree.Notes, n => n.StartsWith("volatility2/linux_pslist-2.3.1-lmg.txt: this output has no parent PIDs", StringComparison.Ordinal));
        Assert.StartsWith("3 processes listed flat (no parent PIDs in the input: no tree)", tree.Summary);
        Assert.StartsWith("note: cannot build a tree", ProcessTreeViews.NoteLines(tree).Split('\n')[1]);
        Assert.Contains("<p class=\"eksir-note\">cannot build a tree: no listing given has parent PIDs", ProcessTreeViews.Html(tree));
    }

    [Fact]
    public void The_2_5_layout_keeps_names_with_spaces_and_digits_dashes_for_unread_values_and_kernel_threads()
    {
        var text = Vol2Pslist(withParents: false,
            ("0xffff88000d1615f0", "login", "496", null, "0", "0", "0x000000000d0c2000", "2016-11-30 12:50:01 UTC+0000"),
            ("0xffff88000a6e0190", "kworker/0:1", "40", null, "0", "0", null, "2016-11-30 12:49:58 UTC+0000"),
            ("0xffff88000bc162d0", "dconf worker", "530", null, "1000", "1000", "0x000000000dc1e000", "2016-11-30 12:51:10 UTC+0000"),
            ("0xffff88000cbf6b60", "a 7 0 0", "610", null, "-", "-", "0x000000000d032000", "2016-11-30 12:54:50 UTC+0000"));

        var listing = ProcessListingReader.Parse("Volatility Foundation Volatility Framework 2.5\n" + text, "pslist.txt");

        Assert.Equal(Vol2Text.PslistWithoutParentsFormat, listing.Format);
        Assert.Empty(listing.Problems);
        Assert.Equal([(496, "login", 0L), (40, "kworker/0:1", 0L), (530, "dconf worker", 1000L), (610, "a 7 0 0", (long?)null)],
            listing.Rows.Select(r => (r.Pid, r.Comm!, r.Uid)));
        Assert.Equal("2016-11-30 12:54:50 UTC+0000", listing.Rows[^1].StartTime);
    }

    [Fact]
    public void The_2_6_layout_reads_a_dash_for_a_parent_it_could_not_read_as_no_parent_and_keeps_the_row()
    {
        var text = Vol2Pslist(withParents: true,
            ("0xffff9ce9bd5baf00", "systemd", "1", "0", "0", "0", "0x000000007c3ae000", "2023-10-02 18:08:02 UTC+0000"),
            ("0xffff9ce9bd5bc680", "orphan", "77", "-", "-", "-", "0x000000007c3af000", "-"));

        var listing = ProcessListingReader.Parse(text, "pslist.txt");

        Assert.Equal(Vol2Text.PslistFormat, listing.Format);
        Assert.Empty(listing.Problems);
        Assert.Empty(listing.Notes);
        Assert.Equal([(1, (int?)0, (string?)"2023-10-02 18:08:02 UTC+0000"), (77, null, null)], listing.Rows.Select(r => (r.Pid, r.Ppid, r.StartTime)));
    }

    [Fact]
    public void A_2_5_pslist_beside_a_pstree_gives_the_tree_its_uid_and_start_time_columns()
    {
        var pslist = Vol2Pslist(withParents: false,
            ("0xffff88022e0e8000", "init", "1", null, "0", "0", "0x0000000228f73000", "2014-03-29 14:10:23 UTC+0000"),
            ("0xffff88022e0e9700", "sshd", "812", null, "0", "0", "0x0000000228f74000", "2014-03-29 14:10:31 UTC+0000"),
            ("0xffff88022e0eae00", "bash", "2604", null, "1000", "1000", "0x0000000228f75000", "2014-03-29 14:11:17 UTC+0000"));
        // linux_pstree's render_text: "{0:20s} {1:15s} {2:15s}" of Name (dots for depth), Pid and str(uid or '') — root's UID is blank.
        var pstree = "Name                 Pid             Uid            \n" +
                     "init                 1                              \n" +
                     ".sshd                812                            \n" +
                     "..bash               2604            1000           \n";

        var tree = ProcessTree.Build([ProcessListingReader.Parse(pstree, "pstree.txt"), ProcessListingReader.Parse(pslist, "pslist.txt")], null);
        var lines = ProcessTreeViews.Text(tree).Split('\n');

        Assert.False(tree.Flat);
        Assert.Equal([(1, 0), (812, 1), (2604, 2)], tree.Processes.Select(p => (p.Pid, p.Depth)));
        // pslist's "2014-03-29 14:10:23 UTC+0000" shown in the one time format.
        Assert.Equal("UID   STARTED               PID COMMAND", lines[0]);
        Assert.Equal("0     2014-03-29T14:10:23Z  1 init", lines[1]);
        Assert.Equal("1000  2014-03-29T14:11:17Z      2604 bash", lines[3]);
        Assert.Contains(tree.Notes, n => n.StartsWith("pslist.txt: this output has no parent PIDs", StringComparison.Ordinal));
        Assert.DoesNotContain(tree.Notes, n => n.StartsWith("cannot build a tree", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pstree_name_ending_in_digits_on_a_root_owned_process_is_not_taken_for_its_pid()
    {
        // linux_pstree's render_text: "{0:20s} {1:15s} {2:15s}" of the dotted name, the Pid and str(uid or '') — blank for root.
        var pstree = "Name                 Pid             Uid            \n" +
                     "systemd              1                              \n" +
                     ".x 12                99                             \n" +
                     ".sshd 7              812             1000           \n" +
                     "..b                  20              0              \n" +
                     "...c                 21              0              \n" +
                     "....d                22              0              \n" +
                     ".....e               23              0              \n" +
                     "......containerd-shim 3310            0              \n" + // 21 characters: the columns shift right
                     "..bash               2604\n"; // trailing spaces stripped, as a copy may have them

        var listing = ProcessListingReader.Parse(pstree, "pstree.txt");

        Assert.Empty(listing.Problems);
        Assert.Equal([(1, "systemd", (long?)null), (99, "x 12", null), (812, "sshd 7", 1000), (20, "b", 0), (21, "c", 0), (22, "d", 0), (23, "e", 0), (3310, "containerd-shim", 0), (2604, "bash", null)],
            listing.Rows.Select(r => (r.Pid, r.Comm!, r.Uid)));
        Assert.Equal([(0, 0), (1, 1), (1, 1), (2, 812), (3, 20), (4, 21), (5, 22), (6, 23), (2, 812)], listing.Rows.Select(r => (r.Depth ?? -1, r.Ppid ?? -1)));
    }

    [Fact]
    public void A_damaged_copy_of_the_real_pslist_never_crashes_the_reader_and_every_row_it_keeps_has_a_pid()
    {
        var sample = File.ReadAllText(Repo.Path("tests", "RealWorld", "volatility2", "linux_pslist-2.3.1-lmg.txt"));
        var insert = Gen.OneOf(Gen.Char.Select(c => c.ToString()), Gen.Const(" "), Gen.Const("-"), Gen.Const("\n"), Gen.Const("0x"));
        Gen.Int[0, sample.Length].Select(Gen.Int[0, 30], insert).Sample((at, cut, c) =>
        {
            var damaged = sample[..at] + c + sample[Math.Min(sample.Length, at + cut)..];
            var listing = ProcessListingReader.Parse(damaged, "fuzz");
            var tree = ProcessTree.Build([listing], null);
            Assert.All(listing.Rows, r => Assert.True(r.Pid >= 0));
            Assert.Equal(listing.Rows.Select(r => r.Pid).Distinct().Count(), tree.Processes.Count);
        }, iter: 2000);
    }

    /// <summary>linux_pslist's render_text output: the header, its rule of dashes, and rows padded to the same widths.</summary>
    private static string Vol2Pslist(bool withParents, params (string Offset, string Name, string Pid, string? Ppid, string Uid, string Gid, string? Dtb, string Start)[] rows)
    {
        var widths = withParents ? new[] { 18, 20, 15, 15, 15, 6, 18, 10 } : [18, 20, 15, 15, 6, 18, 10];
        var titles = withParents ? new[] { "Offset", "Name", "Pid", "PPid", "Uid", "Gid", "DTB", "Start Time" } : ["Offset", "Name", "Pid", "Uid", "Gid", "DTB", "Start Time"];
        var text = new StringBuilder();
        text.AppendJoin(' ', titles.Select((t, i) => t.PadRight(widths[i]))).Append('\n');
        text.AppendJoin(' ', widths.Select(w => new string('-', w))).Append('\n');
        foreach (var r in rows)
        {
            string[] cells = withParents ? [r.Offset, r.Name, r.Pid, r.Ppid ?? "-", r.Uid, r.Gid, r.Dtb ?? new string('-', 18), r.Start]
                : [r.Offset, r.Name, r.Pid, r.Uid, r.Gid, r.Dtb ?? new string('-', 18), r.Start];
            text.AppendJoin(' ', cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).Append('\n');
        }

        return text.ToString();
    }
}
