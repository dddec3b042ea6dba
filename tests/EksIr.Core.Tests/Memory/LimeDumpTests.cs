using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Memory;

namespace EksIr.Core.Tests.Memory;

public sealed class LimeDumpTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private LimeDump Read(byte[] dump, string name = "ram.lime")
    {
        File.WriteAllBytes(_temp.Combine(name), dump);
        return LimeDump.Read(new EvidenceRoot(_temp.Path), name);
    }

    private static byte[] Fill(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    [Fact]
    public void The_range_map_comes_from_the_segment_headers_and_the_sidecar_digest_is_checked()
    {
        var dump = LimeWriter.Write((0x1000, Fill(4096, 1)), (0x100000, Fill(8192, 2)), (0x7fff0000, Fill(100, 3)));
        File.WriteAllText(_temp.Combine("ram.lime.sha256"), Convert.ToHexStringLower(SHA256.HashData(dump)) + "\n");

        var lime = Read(dump);

        Assert.Equal("lime", lime.Format);
        Assert.Empty(lime.Problems);
        Assert.Equal([(0x1000UL, 0x1fffUL, 32L, 4096L), (0x100000UL, 0x101fffUL, 32 + 4096 + 32L, 8192L), (0x7fff0000UL, 0x7fff0063UL, 3 * 32 + 4096 + 8192L, 100L)],
            lime.Ranges.Select(r => (r.Start, r.End, r.Offset, r.Size)));
        Assert.Equal(4096 + 8192 + 100, lime.TotalBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(dump)), lime.Sha256);
        Assert.True(lime.Digest!.Matches);
        Assert.Equal(0x100010UL, lime.Ranges[1].PhysicalAddress(32 + 4096 + 32 + 16));
    }

    [Fact]
    public void A_sidecar_of_another_algorithm_is_checked_with_that_algorithm_and_a_mismatch_is_said()
    {
        var dump = LimeWriter.Write((0, Fill(512, 7)));
        File.WriteAllText(_temp.Combine("ram.lime.sha1"), new string('0', 40));

        var lime = Read(dump);

        Assert.Equal(("sha1", false), (lime.Digest!.Algorithm, lime.Digest.Matches));
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(dump)), lime.Digest.Actual);
        Assert.Contains("sha1 DOES NOT MATCH", lime.Summary);
    }

    [Fact]
    public void Bad_magic_mid_file_overlaps_order_and_a_cut_off_range_are_reported_with_byte_offsets()
    {
        var good = LimeWriter.Write((0x1000, Fill(64, 1)));
        var badMagic = good.Concat(LimeWriter.Header(0x2000, 0x203f, magic: 0xdeadbeef)).Concat(Fill(64, 2)).ToArray();
        var lime = Read(badMagic);
        Assert.Single(lime.Ranges);
        var problem = Assert.Single(lime.Problems);
        Assert.Equal("byte 96", problem.Where);
        Assert.Contains("not a LiME segment header (magic 0xdeadbeef", problem.Problem);

        var overlap = LimeWriter.Write((0x1000, Fill(64, 1)), (0x1020, Fill(64, 2)), (0x10, Fill(16, 3)));
        var problems = Read(overlap, "overlap.lime").Problems;
        Assert.Contains(problems, p => p.Where == "byte 96" && p.Problem.Contains("overlaps the previous one"));
        Assert.Contains(problems, p => p.Where == "byte 192" && p.Problem.Contains("out of order"));

        var cut = Read(LimeWriter.Write((0x1000, Fill(4096, 1)))[..1000], "cut.lime");
        Assert.Equal(1000 - 32, Assert.Single(cut.Ranges).Size);
        Assert.Contains("is cut short: 968 of 4096 bytes are in the file", Assert.Single(cut.Problems).Problem);
    }

    [Fact]
    public void A_dump_without_headers_is_taken_as_raw_with_a_note_and_a_zlib_dump_is_read_through_zlib()
    {
        var raw = Read(Fill(5000, 0x41), "ram.raw");
        Assert.Equal(("raw", 5000L), (raw.Format, raw.TotalBytes));
        Assert.StartsWith("no LiME header", raw.Note);

        var dump = LimeWriter.Write((0x1000, Fill(4096, 1)), (0x3000, Fill(4096, 2)));
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(dump);
        }

        var lime = Read(compressed.ToArray(), "ram.lime.z");
        Assert.True(lime.Compressed);
        Assert.Equal([0x1000UL, 0x3000UL], lime.Ranges.Select(r => r.Start));
        Assert.Empty(lime.Problems);
    }

    [Fact]
    public void A_zlib_dump_whose_compressed_data_is_damaged_says_where_it_broke_and_keeps_the_memory_before_it()
    {
        var memory = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 60_000).Select(i => $"page {i * 7 % 1000:D4} of memory\n")));
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(memory);
        }

        var damaged = compressed.ToArray();
        damaged.AsSpan(damaged.Length / 2, 64).Fill(0xFF);

        var raw = Read(damaged, "ram.raw.z");

        Assert.True(raw.Compressed);
        var problem = Assert.Single(raw.Problems);
        Assert.Matches(@"^byte \d+ \(decompressed\)$", problem.Where);
        Assert.StartsWith("damaged zlib data: ", problem.Problem);
        Assert.EndsWith("; nothing after it is read", problem.Problem);
        var kept = long.Parse(problem.Where.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(kept, 1, memory.Length - 1);
        Assert.Equal(kept, raw.TotalBytes); // the memory before the damage is the dump's one range
    }

    [Fact]
    public void A_zlib_dump_cut_off_says_so_and_keeps_the_memory_before_the_cut()
    {
        var memory = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 60_000).Select(i => $"page {i * 7 % 1000:D4} of memory\n")));
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(memory);
        }

        var raw = Read(compressed.ToArray()[..(int)(compressed.Length / 2)], "ram.raw.z");

        Assert.True(raw.Compressed);
        var problem = Assert.Single(raw.Problems);
        Assert.Equal($"byte {raw.TotalBytes} (decompressed)", problem.Where);
        Assert.StartsWith("damaged zlib data: the zlib data stops before its end (the file is cut off)", problem.Problem);
        Assert.InRange(raw.TotalBytes, 1, memory.Length - 1);
    }

    [Fact]
    public void Any_cut_and_any_corruption_gives_problems_never_a_crash()
    {
        var dump = LimeWriter.Write((0x1000, Fill(200, 1)), (0x2000, Fill(100, 2)), (0x9000, Fill(50, 3)));
        for (var cut = 0; cut <= dump.Length; cut++)
        {
            var problems = new List<EvidenceProblem>();
            var (format, ranges, _) = LimeDump.Segments(new MemoryStream(dump[..cut]), "cut.lime", problems);
            Assert.Equal(cut == 0 ? "raw" : "lime", format);
            Assert.True(cut == dump.Length || cut == 0 || problems.Count > 0 || ranges.Sum(r => r.Size) + 32 * ranges.Count == cut,
                $"cut at {cut} went unremarked");
        }

        Gen.Int[0, dump.Length - 1].Array[1, 8].Select(Gen.Byte.Array[8]).Sample((positions, values) =>
        {
            var damaged = (byte[])dump.Clone();
            for (var i = 0; i < positions.Length; i++)
            {
                damaged[positions[i]] = values[i];
            }

            LimeDump.Segments(new MemoryStream(damaged), "fuzz.lime", []);
        }, iter: 3000);
    }
}
