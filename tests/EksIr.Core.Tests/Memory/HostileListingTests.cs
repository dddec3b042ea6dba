using CsCheck;
using EksIr.Core.Evidence;
using EksIr.Memory.Volatility;

namespace EksIr.Core.Tests.Memory;

/// <summary>
/// Process names from memory are bytes, not text: Python (Volatility's renderer) writes the ones that are not UTF-8 as
/// escaped lone surrogates (surrogateescape), and a listing may hold raw bytes that are not UTF-8. Both are read as
/// U+FFFD and said; the process stays in the listing.
/// </summary>
public sealed class HostileListingTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [ProgramFact("python3", "python3")]
    public async Task A_pstree_json_written_by_python_with_names_that_are_not_utf8_keeps_every_process_and_says_so()
    {
        var file = _temp.Combine("pstree.json");
        var script = "import json, sys\n" +
                     "kworker = b'kw\\xffker/0:2'.decode('utf-8', 'surrogateescape')\n" +
                     "rows = [{'PID': 1, 'PPID': 0, 'COMM': 'systemd', '__children': [{'PID': 5310, 'PPID': 1, 'COMM': kworker, '__children': []}]}]\n" +
                     "open(sys.argv[1], 'w').write(json.dumps(rows))\n";
        var python = await ProcessRun.RunAsync("python3", ["-c", script, file], _temp.Path, TimeSpan.FromMinutes(1));
        Assert.True(python.ExitCode == 0, python.ToString());
        Assert.Contains("kw\\udcffker", File.ReadAllText(file)); // what Python writes for the byte FF

        var listing = ProcessListingReader.Read(new EvidenceRoot(_temp.Path), "pstree.json");

        Assert.Equal([(1, "systemd"), (5310, "kw\uFFFDker/0:2")], listing.Rows.Select(r => (r.Pid, r.Comm)));
        var problem = Assert.Single(listing.Problems);
        Assert.Equal("pstree.json", problem.File);
        Assert.StartsWith("1 escaped lone surrogate (\\uD800-\\uDFFF without its pair) replaced with \\uFFFD", problem.Problem);
    }

    [Fact]
    public void A_text_listing_with_a_byte_that_is_not_utf8_keeps_the_row_and_names_the_byte()
    {
        byte[] text = [.. "PID\tPPID\tCOMM\n1\t0\tsystemd\n5310\t1\tkw"u8, 0xFF, .. "ker\n"u8];
        File.WriteAllBytes(_temp.Combine("pslist.txt"), text);

        var listing = ProcessListingReader.Read(new EvidenceRoot(_temp.Path), "pslist.txt");

        Assert.Equal("kw\uFFFDker", listing.Rows.Single(r => r.Pid == 5310).Comm);
        var problem = Assert.Single(listing.Problems);
        Assert.Equal(("pslist.txt", $"byte {Array.IndexOf(text, (byte)0xFF)}"), (problem.File, problem.Where));
    }

    [Fact]
    public void Any_hostile_bytes_in_a_json_listing_or_map_never_crash_the_readers()
    {
        var samples = new[] { "volatility/linux.pstree.json", "maps/linux.proc.Maps.txt", "volatility/linux.psaux.csv" }
            .Select(f => File.ReadAllBytes(Repo.Path(["sample-data", "incident-1", "memory", .. f.Split('/')]))).ToArray();
        byte[][] hostile = [[0xFF], [0x80], [0xE2, 0x82], "\\ud800"u8.ToArray(), "\\udc00\\u"u8.ToArray(), "\""u8.ToArray(), "{"u8.ToArray()];
        var root = new EvidenceRoot(_temp.Path);
        Gen.Int[0, samples.Length - 1].Select(Gen.Int[0, 3000].Array[1, 4], Gen.Int[0, hostile.Length - 1].Array[4]).Sample((which, positions, kinds) =>
        {
            var bytes = samples[which].ToList();
            foreach (var (at, i) in positions.Select(p => Math.Min(p, bytes.Count)).OrderDescending().Zip(kinds))
            {
                bytes.InsertRange(at, hostile[i]);
            }

            var name = $"fuzz-{Guid.NewGuid():N}.txt";
            File.WriteAllBytes(_temp.Combine(name), [.. bytes]);
            var listing = ProcessListingReader.Read(root, name);
            var maps = ProcessMaps.Of(root, name, null);
            Assert.All(listing.Problems.Concat(maps.Problems), p => Assert.Equal(name, p.File));
        }, iter: 1500);
    }
}
