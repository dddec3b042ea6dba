using System.Text;
using EksIr.Core.Evidence;
using EksIr.Memory;

namespace EksIr.Core.Tests.Memory;

public sealed class IocScanTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_sample_dump_gives_the_intruders_indicators_at_their_physical_addresses()
    {
        var scan = IocScan.Run(new EvidenceRoot(Repo.Path("sample-data", "incident-1", "memory")), "ip-192-168-23-107.lime", strings: ["miner.sh"]);

        Assert.Empty(scan.Problems);
        var drop = Assert.Single(scan.Hits, h => h is { Kind: "url", Value: "http://203.0.113.50/drop" });
        Assert.Equal(0x100000UL + 0x1FFF0 + 10, drop.PhysicalAddress); // after "wget -qO- " in the second range
        Assert.Equal(1, scan.Values.Single(v => v is { Kind: "aws-access-key-id", Value: "AKIA5DEVINTERN7EXMPL" }).Count); // the intruder's exported AWS_ACCESS_KEY_ID
        Assert.Single(scan.Values, v => v is { Kind: "aws-access-key-id", Value: "ASIA5NODEROLE7STOLEN" }); // the node role's, from the metadata service
        Assert.Contains(scan.Values, v => v is { Kind: "domain", Value: "update.example.net" });
        Assert.Contains(scan.Values, v => v is { Kind: "url", Value: "stratum+tcp://203.0.113.50:3333" });
        Assert.Contains(scan.Values, v => v is { Kind: "ipv4", Value: "198.51.100.23" });
        Assert.Equal(4, scan.Values.Single(v => v is { Kind: "ipv4", Value: "203.0.113.50" }).Count); // URL, Host header, pool URL, DNS answer
        Assert.Contains(scan.Values, v => v is { Kind: "string", Value: "miner.sh" });
        Assert.Equal(356 * 1024, scan.BytesScanned);
    }

    [Fact]
    public void An_indicator_across_the_scanners_pieces_is_found_once_and_ranges_do_not_run_together()
    {
        var big = new byte[4 << 20];
        void Put(int at, string text) => Encoding.ASCII.GetBytes(text).CopyTo(big, at);
        Put((1 << 20) - 10, " http://203.0.113.50/boundary ");       // across the first 1 MiB piece's end
        Put((2 << 20) - 12, " 10.20.30.40");                          // ends exactly where the second piece ends
        Put(2 << 20, "0 is not part of it");                         // ...and the next piece goes on with a digit: no IP
        Put((3 << 20) - 9, " 10.9.8.7");                              // ends exactly where the third piece ends
        Put(3 << 20, " and stops there");                            // ...and the next piece does not go on: one IP
        Put((4 << 20) - 9, "AKIA2345");                               // the end of the range: not joined to the next range
        var second = Encoding.ASCII.GetBytes("ABCDEFGHIJKLMNOP and more");
        File.WriteAllBytes(_temp.Combine("big.lime"), LimeWriter.Write((0x100000, big), (0x10000000, second)));

        var scan = IocScan.Run(new EvidenceRoot(_temp.Path), "big.lime");

        var url = Assert.Single(scan.Hits, h => h.Kind == "url");
        Assert.Equal(("http://203.0.113.50/boundary", 0x100000UL + (1 << 20) - 9), (url.Value, url.PhysicalAddress));
        Assert.Single(scan.Hits, h => h.Value == "203.0.113.50");
        Assert.DoesNotContain(scan.Hits, h => h.Value.StartsWith("10.20.30.", StringComparison.Ordinal)); // "10.20.30.400" is no address
        Assert.Equal(0x100000UL + (3 << 20) - 8, Assert.Single(scan.Hits, h => h.Value == "10.9.8.7").PhysicalAddress);
        Assert.DoesNotContain(scan.Hits, h => h.Kind == "aws-access-key-id");
    }

    [Fact]
    public void A_zlib_dump_cut_off_is_scanned_up_to_the_cut_and_the_cut_is_said()
    {
        var raw = new byte[4 << 20];
        Encoding.ASCII.GetBytes("beacon to evil-c2.xyz now").CopyTo(raw, 5000);
        var compressed = new MemoryStream();
        using (var z = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        File.WriteAllBytes(_temp.Combine("ram.raw.z"), compressed.ToArray()[..(int)(compressed.Length - 8)]);

        var scan = IocScan.Run(new EvidenceRoot(_temp.Path), "ram.raw.z");

        Assert.Equal(5010UL, scan.Hits.Single(h => h.Kind == "domain").PhysicalAddress);
        Assert.InRange(scan.BytesScanned, 5100, raw.Length - 1);
        var problem = Assert.Single(scan.Problems);
        Assert.Equal(($"byte {scan.BytesScanned} (decompressed)", "damaged zlib data: the zlib data stops before its end (the file is cut off); nothing after it is read"),
            (problem.Where, problem.Problem));
    }

    [Fact]
    public void A_raw_dump_is_scanned_with_file_offsets_and_a_bad_regex_is_refused_by_name()
    {
        var raw = new byte[10000];
        Encoding.ASCII.GetBytes("beacon to evil-c2.xyz now").CopyTo(raw, 5000);
        File.WriteAllBytes(_temp.Combine("ram.raw"), raw);

        var scan = IocScan.Run(new EvidenceRoot(_temp.Path), "ram.raw", regexes: ["beacon to \\S+"]);

        Assert.Equal(5000UL, scan.Hits.Single(h => h.Kind == "regex 1").PhysicalAddress);
        Assert.Equal(5010UL, scan.Hits.Single(h => h.Kind == "domain").PhysicalAddress);
        var error = Assert.Throws<EvidenceAccessException>(() => IocScan.Run(new EvidenceRoot(_temp.Path), "ram.raw", regexes: ["(unclosed"]));
        Assert.StartsWith("--regex (unclosed: not a valid regular expression", error.Message);
    }
}
