using CsCheck;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Memory;
using EksIr.Memory.Volatility;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Core.Tests.Memory;

/// <summary>Process listings in every Volatility form, merged into one tree, attributed to pods, flagged.</summary>
public sealed class ProcessTreeTests
{
    private static readonly EvidenceRoot Incident = new(Repo.Path("sample-data", "incident-1"));
    private const string Volatility = "memory/volatility";
    private const string Node = "node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz";

    [Theory]
    [InlineData("linux.pslist.txt", "volatility3 linux.pslist (text)")]
    [InlineData("linux.psaux.txt", "volatility3 linux.psaux (text)")]
    [InlineData("linux.psaux.csv", "volatility3 linux.psaux (csv)")]
    [InlineData("linux.pstree.json", "volatility3 linux.pstree (json)")]
    [InlineData("linux_pstree.txt", "volatility2 linux_pstree")]
    public void Every_form_of_the_sample_tree_is_recognised_and_gives_the_same_parent_links(string file, string format)
    {
        var reference = ProcessListingReader.Read(Incident, $"{Volatility}/linux.pslist.txt").Rows.Select(r => (r.Pid, r.Ppid)).Order();

        var listing = ProcessListingReader.Read(Incident, $"{Volatility}/{file}");

        Assert.Equal(format, listing.Format);
        Assert.Empty(listing.Problems);
        Assert.Equal(reference, listing.Rows.Select(r => (r.Pid, r.Ppid)).Order());
    }

    [Fact]
    public void With_the_nodes_disk_the_shim_subtree_is_the_sysdiag_pod_and_the_intrusion_is_flagged()
    {
        var tree = ProcessTree.Of(Incident, Volatility, Incident.Subroot(Node));
        ProcessEntry P(int pid) => tree.Processes.Single(p => p.Pid == pid);

        Assert.Empty(tree.Problems);
        Assert.Equal(("sandbox", "default/sysdiag", "disk"), (P(4730).Container!.Kind, P(4730).Container!.Pod, P(4730).Container!.Source));
        Assert.Equal(ContainerdNode.AppId, P(4790).Container!.Id);
        Assert.Equal("registry.example/sysdiag:1.0", P(4790).Container!.Image);
        Assert.Empty(P(4790).Flags); // the container's own entrypoint (sh -c 'sleep 86400')
        Assert.Contains("shell or interpreter started in the container (exec?)", P(5120).Flags);
        Assert.Equal(ContainerdNode.AppId, P(5230).Container!.Id); // inherited down the exec'd shell's subtree
        Assert.Contains("runs from a temporary folder (/tmp, /dev/shm, /var/tmp)", P(5201).Flags);
        Assert.Contains("child of PID 1 that is no node service: reparented, or started by hand?", P(5302).Flags);
        Assert.Contains("user-space process named like a kernel thread", P(5310).Flags);
        Assert.Null(P(5310).Container);
        Assert.Empty(P(905).Flags); // kubelet is a node service
        Assert.Empty(P(9).Flags); // a real kernel thread
        Assert.Equal(4, P(5190).Depth);
        Assert.StartsWith("/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id 5d9a0b7c", P(4711).Args); // psaux merged into pslist
        Assert.Equal("2026-11-29 06:23:58.702000 UTC", P(5120).StartTime);
    }

    [Fact]
    public void The_trees_text_and_html_show_the_uid_and_start_time_pslist_gave_each_process()
    {
        // Expected from the sample itself: awk -F'\t' '$2==5120 {print $6, $10}' memory/volatility/linux.pslist.txt
        var tree = ProcessTree.Of(Incident, Volatility, Incident.Subroot(Node));

        var text = ProcessTreeViews.Text(tree).Split('\n');
        var html = ProcessTreeViews.Html(tree);

        // pslist's "2026-11-29 06:23:58.702000 UTC" and "2026-11-29 06:01:05.020000 UTC", shown in the one time format.
        Assert.Equal("UID  STARTED                   PID COMMAND", text[0]);
        Assert.StartsWith("0    2026-11-29T06:23:58.702Z      5120 sh  [pod default/sysdiag", text.Single(l => l.Contains(" 5120 sh ", StringComparison.Ordinal)));
        Assert.StartsWith("996  2026-11-29T06:01:05.020Z    655 /usr/sbin/chronyd", text.Single(l => l.Contains(" 655 ", StringComparison.Ordinal)));
        Assert.Contains("<b>5120</b> sh <span style=\"color:#6a737d\">(uid 0, started 2026-11-29T06:23:58.702Z)</span>", html);
        var flagged = ProcessTreeViews.FlaggedRows(tree).Single(r => r[0] == "5120");
        Assert.Equal(("0", "2026-11-29T06:23:58.702Z"), (flagged[2], flagged[3]));
    }

    [Fact]
    public void A_tree_from_listings_without_uids_or_start_times_has_no_such_columns()
    {
        var tree = ProcessTree.Of(Incident, $"{Volatility}/linux.pstree.json");

        Assert.Equal("1 systemd", ProcessTreeViews.Text(tree).Split('\n')[0]);
        Assert.DoesNotContain("(uid ", ProcessTreeViews.Html(tree), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_disk_the_pause_process_marks_the_sandbox_and_the_rest_is_memory_only()
    {
        var text = "PID\tPPID\tCOMM\tARGS\n1\t0\tsystemd\t/sbin/init\n37929\t1\tcontainerd-shim\t/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id 9a43e5d8 -address /run/containerd/containerd.sock\n" +
                   "37963\t37929\tpause\t/pause\n38123\t37929\tjava\t/opt/java/openjdk/bin/java -jar app.jar\n38200\t38123\tbash\tbash\n";

        var tree = ProcessTree.Build([ProcessListingReader.Parse(text, "psaux.txt")], null);

        var pause = tree.Processes.Single(p => p.Pid == 37963).Container!;
        Assert.Equal(("sandbox", "9a43e5d8", "memory"), (pause.Kind, pause.SandboxId, pause.Source));
        var java = tree.Processes.Single(p => p.Pid == 38123).Container!;
        Assert.Equal(("container", (string?)null), (java.Kind, java.Id));
        Assert.Contains("shell or interpreter in the container", tree.Processes.Single(p => p.Pid == 38200).Flags);
    }

    [Fact]
    public void Quick_text_with_stars_crlf_banners_unreadable_values_threads_and_duplicates()
    {
        var text = "Volatility 3 Framework 2.11.0\r\nProgress:  100.00\t\tStacking attempts finished\r\n\r\n" +
                   "OFFSET (V)\tPID\tTID\tPPID\tCOMM\tFile output\r\n" +
                   "0xffff1\t1\t1\t0\tsystemd\tDisabled\r\n" +
                   "* 0xffff2\t692\t692\t1\tgdm3\tDisabled\r\n" +
                   "** 0xffff3\t1234\t1234\t692\tgdm-session-wor\tDisabled\r\n" +
                   "** 0xffff4\t1234\t1240\t692\tgdm-session-wor\tDisabled\r\n" +
                   "* 0xffff5\tUnreadableValue\t-\t1\t?\tDisabled\r\n" +
                   "* 0xffff6\t700\t700\t1\tsh\tDisabled\r\n" +
                   "* 0xffff7\t700\t700\t1\tsh\tDisabled\r\n";

        var listing = ProcessListingReader.Parse(text, "pstree.txt");
        var tree = ProcessTree.Build([listing], null);

        Assert.Equal("volatility3 linux.pstree (text)", listing.Format);
        Assert.Equal([1, 692, 1234, 700, 700], listing.Rows.Select(r => r.Pid));
        Assert.Equal(2, listing.Rows.Single(r => r.Pid == 1234).Depth);
        Assert.Contains(listing.Problems, p => p.Where == "line 9" && p.Problem.Contains("unreadable PID"));
        Assert.Contains(listing.Problems, p => p.Problem.StartsWith("1 thread rows (TID ≠ PID) left out"));
        Assert.Contains("duplicate PID in one listing", tree.Processes.Single(p => p.Pid == 700).Flags);
    }

    [Fact]
    public void Jsonl_old_column_sets_and_volatility2_pslist_with_psaux_merge_by_pid()
    {
        var jsonl = "{\"COMM\": \"systemd\", \"PID\": 1, \"PPID\": 0, \"__children\": [{\"COMM\": \"containerd\", \"PID\": 830, \"PPID\": 1, \"__children\": []}]}\n" +
                    "{\"COMM\": \"kthreadd\", \"PID\": 2, \"PPID\": 0, \"__children\": [{\"COMM\": \"kworker/0:1\", \"PID\": 40, \"PPID\": 2, \"__children\": []}]}\n";
        var vol2List = "Offset             Name                 Pid             PPid            Uid             Gid    DTB                Start Time\n" +
                       "------------------ -------------------- --------------- --------------- --------------- ------ ------------------ ----------\n" +
                       "0xffff88003d3a0000 systemd              1               0               0               0      0x000000003c7b4000 2026-11-29 06:01:02 UTC+0000\n" +
                       "0xffff88003d3a1000 kthreadd             2               0               0               0      ------------------ 2026-11-29 06:01:02 UTC+0000\n" +
                       "0xffff88003d3a2000 kworker/0:1          40              2               0               0      ------------------ 2026-11-29 06:01:03 UTC+0000\n";
        var vol2Aux = "Pid    Uid    Gid    Arguments\n1      0      0      /sbin/init\n2      0      0      [kthreadd]\n40     0      0      /tmp/.k -daemon\n";

        var json = ProcessListingReader.Parse(jsonl, "pstree.jsonl");
        var tree = ProcessTree.Build([ProcessListingReader.Parse(vol2List, "pslist.txt"), ProcessListingReader.Parse(vol2Aux, "psaux.txt")], null);

        Assert.Equal("volatility3 linux.pstree (jsonl)", json.Format);
        Assert.Equal([(1, 0), (830, 1), (2, 0), (40, 1)], json.Rows.Select(r => (r.Pid, r.Depth ?? -1)));
        var kworker = tree.Processes.Single(p => p.Pid == 40);
        Assert.Equal(("kworker/0:1", "/tmp/.k -daemon"), (kworker.Comm, kworker.Args));
        Assert.Contains("kernel thread with a user-space command line", kworker.Flags);
        Assert.Equal("2026-11-29 06:01:02 UTC+0000", tree.Processes.Single(p => p.Pid == 1).StartTime);
    }

    [Fact]
    public void A_parent_loop_and_a_missing_parent_are_said_not_looped_over()
    {
        var text = "PID\tPPID\tCOMM\n10\t11\ta\n11\t10\tb\n20\t99\tc\n";

        var tree = ProcessTree.Build([ProcessListingReader.Parse(text, "loop.txt")], null);

        Assert.Equal([20], tree.Processes.Select(p => p.Pid));
        Assert.Contains(tree.Problems, p => p.Problem.Contains("parent loop") && p.Problem.Contains("10, 11"));
        Assert.Contains(tree.Problems, p => p.Problem.Contains("PID 20's parent 99 is not in the listing"));
    }

    [Fact]
    public void A_process_that_is_its_own_parent_is_one_process_in_a_parent_loop()
    {
        var tree = ProcessTree.Build([ProcessListingReader.Parse("PID\tPPID\tCOMM\n1\t0\tinit\n12\t12\tself\n", "self.txt")], null);

        Assert.Equal([1], tree.Processes.Select(p => p.Pid));
        Assert.Contains(tree.Problems, p => p.Problem.StartsWith("1 process in a parent loop", StringComparison.Ordinal) && p.Problem.EndsWith("not in the tree: 12", StringComparison.Ordinal));
    }

    [Fact]
    public void A_chain_20000_processes_deep_gives_text_html_and_json_linear_in_the_number_of_processes()
    {
        const int processes = 20_000;
        var listing = new System.Text.StringBuilder("PID\tPPID\tCOMM\n");
        for (var i = 0; i < processes; i++)
        {
            listing.Append(System.Globalization.CultureInfo.InvariantCulture, $"{1000 + i}\t{(i == 0 ? 0 : 999 + i)}\tsh\n"); // each the child of the one before
        }

        var tree = ProcessTree.Build([ProcessListingReader.Parse(listing.ToString(), "chain.txt")], null);
        var text = ProcessTreeViews.Text(tree);
        var html = ProcessTreeViews.Html(tree);
        var json = System.Text.Json.JsonSerializer.Serialize(tree.Processes);

        Assert.Equal(Enumerable.Range(0, processes), tree.Processes.Select(p => p.Depth));
        Assert.True(text.Length < 128 * processes, $"{text.Length} characters of text");
        Assert.True(html.Length < 200 * processes, $"{html.Length} characters of HTML");
        Assert.True(json.Length < 200 * processes, $"{json.Length} characters of JSON");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new string(' ', 2 * 39) + "1039 sh", lines[39]);
        Assert.Equal(new string(' ', 2 * 40) + "[depth 19999] 20999 sh", lines[^1]); // indentation stops; the depth is written out
        Assert.Equal(ProcessTreeViews.IndentedLevels, System.Text.RegularExpressions.Regex.Count(html, "<details"));
        Assert.Equal(ProcessTreeViews.IndentedLevels, System.Text.RegularExpressions.Regex.Count(html, "</details>"));
    }

    [Fact]
    public void Damaged_listings_and_maps_of_every_form_never_crash_the_readers()
    {
        var samples = new[] { "volatility/linux.pslist.txt", "volatility/linux.psaux.csv", "volatility/linux.pstree.json", "volatility/linux_pstree.txt",
                "maps/linux.proc.Maps.txt", "maps/linux_proc_maps.txt" }
            .Select(f => File.ReadAllText(Repo.Path(["sample-data", "incident-1", "memory", .. f.Split('/')]))).ToArray();

        // A character, or what breaks a JSON reader: an escaped lone surrogate (what Python writes for a name that is not UTF-8).
        string[] hostile = ["\\ud800", "\\udfff\\u", "\"", "{", "\uFFFD"];
        var insert = Gen.OneOf(Gen.Char.Select(c => c.ToString()), Gen.Int[0, hostile.Length - 1].Select(i => hostile[i]));
        Gen.Int[0, samples.Length - 1].Select(Gen.Int[0, 2000], Gen.Int[0, 40], insert).Sample((which, at, cut, c) =>
        {
            var text = samples[which];
            at = Math.Min(at, text.Length);
            var damaged = text[..at] + c + text[Math.Min(text.Length, at + (c.Length > 1 ? 0 : cut))..]; // an escape is put in, nothing cut
            var listing = ProcessListingReader.Parse(damaged, "fuzz");
            ProcessTree.Build([listing], null);
            ProcessMaps.Parse(damaged, "fuzz", null);
        }, iter: 2000);
    }
}
