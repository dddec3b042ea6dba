using System.Text;
using CsCheck;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Memory;

namespace EksIr.Core.Tests.Memory;

/// <summary>AVML's compressed format and LiME headers, damaged in every way a reader must name (built in code).</summary>
public sealed class AvmlDumpTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static (string Format, List<LimeRange> Ranges, List<EvidenceProblem> Problems, byte[] Memory) Walk(byte[] dump)
    {
        var problems = new List<EvidenceProblem>();
        var memory = new List<byte>();
        var (format, ranges, _) = LimeDump.Segments(new MemoryStream(dump), "ram.lime", problems, (_, _, data, _) => memory.AddRange(data.ToArray()));
        return (format, ranges, problems, memory.ToArray());
    }

    private static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed)).ToArray();

    [Fact]
    public void The_CRC_the_tests_write_is_CRC_32C_by_its_check_value()
    {
        // The CRC catalogue's check value for CRC-32C (iSCSI, RFC 3720): the CRC of the ASCII digits 123456789.
        Assert.Equal(0xE3069283u, AvmlWriter.Crc32C("123456789"u8));
    }

    [Fact]
    public void Blocks_with_stored_and_skippable_chunks_read_as_their_ranges_and_an_indicator_in_one_is_found_at_its_address()
    {
        var first = Pattern(70_000, 1); // two chunks: 65,536 and 4,464 bytes
        var second = Pattern(5000, 2);
        Encoding.ASCII.GetBytes(" http://203.0.113.50/drop ").CopyTo(second, 100);
        byte[] padded = [.. AvmlWriter.StreamIdentifier, .. AvmlWriter.Chunk(0xfe, new byte[10]), .. AvmlWriter.Chunk(0x80, [1, 2, 3]),
            .. AvmlWriter.UncompressedChunk(second)];
        var dump = AvmlWriter.Block(0x1000, first).Concat(AvmlWriter.Block(0x100000, 0x100000 + 4999, padded)).ToArray();

        var (format, ranges, problems, memory) = Walk(dump);

        Assert.Equal("avml", format);
        Assert.Empty(problems);
        Assert.Equal([(0x1000UL, 0x1000UL + 69_999, 32L), (0x100000UL, 0x100000UL + 4999, 32 + 70_000 + 32L)], ranges.Select(r => (r.Start, r.End, r.Offset)));
        Assert.Equal(first.Concat(second), memory);

        File.WriteAllBytes(_temp.Combine("ram.lime"), dump);
        var hit = Assert.Single(IocScan.Run(new EvidenceRoot(_temp.Path), "ram.lime").Hits, h => h.Kind == "url");
        Assert.Equal(("http://203.0.113.50/drop", 0x100000UL + 101), (hit.Value, hit.PhysicalAddress));
    }

    [Fact]
    public void Adjacent_blocks_as_AVML_writes_for_a_range_split_at_16_MiB_are_neither_an_overlap_nor_a_gap()
    {
        // avml src/image.rs Image::copy_block: a range over MAX_BLOCK_SIZE (0x1000 * 0x1000) becomes blocks of that size.
        var (_, ranges, problems, memory) = Walk([.. AvmlWriter.Block(0x1000, Pattern(100, 7)), .. AvmlWriter.Block(0x1000 + 100, Pattern(50, 8))]);

        Assert.Empty(problems);
        Assert.Equal([(0x1000UL, 0x1063UL), (0x1064UL, 0x1095UL)], ranges.Select(r => (r.Start, r.End)));
        Assert.Equal(Pattern(100, 7).Concat(Pattern(50, 8)), memory);
    }

    [Fact]
    public void A_damaged_chunk_a_wrong_trailer_and_a_block_longer_than_its_range_are_named_and_the_memory_is_kept()
    {
        var memory = Pattern(3000, 3);
        var damaged = AvmlWriter.Block(0x2000, memory);
        damaged[32 + 10 + 8 + 100] ^= 0xff; // a byte of the memory in the first data chunk (after the identifier, header, CRC)
        var (_, ranges, problems, read) = Walk(damaged);
        Assert.Equal(3000, Assert.Single(ranges).Size);
        Assert.Equal(3000, read.Length);
        var crc = Assert.Single(problems);
        Assert.Equal("byte 42", crc.Where);
        Assert.StartsWith("a Snappy chunk's CRC does not match its 3000 bytes", crc.Problem);

        var frames = AvmlWriter.Frames(memory);
        var wrongTrailer = AvmlWriter.Block(0x2000, 0x2000 + 2999, frames, trailer: 12345);
        var trailer = Assert.Single(Walk(wrongTrailer).Problems);
        Assert.Equal(($"byte {32 + frames.Length}", $"the AVML block's trailer says its Snappy stream is 12345 bytes; it is {frames.Length}"), (trailer.Where, trailer.Problem));

        var longer = Walk([.. AvmlWriter.Block(0x2000, 0x2000 + 999, frames), .. AvmlWriter.Block(0x9000, Pattern(10, 4))]);
        Assert.Equal(memory[..1000].Concat(Pattern(10, 4)), longer.Memory);
        Assert.Equal([0x2000UL, 0x9000UL], longer.Ranges.Select(r => r.Start));
        Assert.Contains(longer.Problems, p => p.Problem == "the AVML block 0x2000-0x23e7 decompresses to more than its 1000 bytes; the 2000 bytes past its end are left out");
    }

    [Fact]
    public void A_reserved_chunk_type_or_invalid_Snappy_data_stops_the_read_with_the_chunks_byte_and_the_range_cut_short()
    {
        byte[] reserved = [.. AvmlWriter.StreamIdentifier, .. AvmlWriter.UncompressedChunk(Pattern(100, 5)), .. AvmlWriter.Chunk(0x02, [0, 0])];
        var (_, ranges, problems, memory) = Walk(AvmlWriter.Block(0, 199, reserved));
        Assert.Equal(100, Assert.Single(ranges).Size);
        Assert.Equal(100, memory.Length);
        Assert.Equal([("byte " + (32 + 10 + 108), "a reserved Snappy chunk type 0x02, which a reader must not skip; the rest of the file is not read"),
            ("byte 0", "segment 0x0-0xc7 is cut short: 100 of 200 bytes are in the file")], problems.Select(p => (p.Where, p.Problem)));

        // A compressed chunk whose one element copies from before the start of the block (offset 1 with nothing decoded).
        byte[] copy = [0x04, 0x01 | (0 << 2), 0x01]; // length 4; a copy of 4 bytes, offset 1
        byte[] invalid = [.. AvmlWriter.StreamIdentifier, .. AvmlWriter.Chunk(0x00, [0, 0, 0, 0, .. copy])];
        var bad = Walk(AvmlWriter.Block(0, 3, invalid)).Problems;
        Assert.StartsWith("a Snappy compressed chunk of 7 bytes is not valid Snappy data: a copy of 4 bytes from 1 back, with 0 decoded", bad[0].Problem);
        Assert.Equal("byte 42", bad[0].Where);
    }

    [Fact]
    public void Header_versions_other_than_the_formats_own_and_reserved_bytes_that_are_not_zero_are_named_and_read()
    {
        var memory = Pattern(64, 6);
        var avml3 = Walk(AvmlWriter.Block(0x1000, memory, version: 3));
        Assert.Equal(memory, avml3.Memory);
        Assert.Equal("AVML block header version 3; AVML writes only version 2 (Snappy-compressed) — read as version 2", Assert.Single(avml3.Problems).Problem);

        var lime2 = Walk([.. LimeWriter.Header(0x1000, 0x103f, version: 2), .. memory]);
        Assert.Equal(memory, lime2.Memory);
        Assert.Equal("segment header version 2; only version 1 is defined — read as version 1", Assert.Single(lime2.Problems).Problem);

        var header = LimeWriter.Header(0x1000, 0x103f);
        header[31] = 0x80;
        var reserved = Walk([.. header, .. memory]);
        Assert.Equal(memory, reserved.Memory);
        var problem = Assert.Single(reserved.Problems);
        Assert.Equal(("byte 0", "the header's reserved bytes are not zero (0x8000000000000000); LiME and AVML write zeros — read on"), (problem.Where, problem.Problem));
    }

    [Fact]
    public void A_file_that_starts_like_an_AVML_header_but_is_cut_inside_it_is_not_taken_as_raw_memory()
    {
        var (format, ranges, problems, memory) = Walk("AVML\x02\0\0\0"u8.ToArray());

        Assert.NotEqual("raw", format);
        Assert.Equal((0, 0), (ranges.Count, memory.Length));
        Assert.Equal("the file ends inside a segment header (8 of 32 bytes)", Assert.Single(problems).Problem);
    }

    [Fact]
    public void Any_cut_and_any_corruption_of_the_real_AVML_sample_gives_problems_never_a_crash()
    {
        var dump = File.ReadAllBytes(Repo.Path("tests", "RealWorld", "lime", "deb-x86_64-slice.avml-compressed.lime"));
        for (var cut = 1; cut < dump.Length; cut += cut < 100 || cut > dump.Length - 100 ? 1 : 97)
        {
            var (_, _, problems, memory) = Walk(dump[..cut]);
            Assert.True(problems.Count > 0, $"cut at {cut} went unremarked");
            Assert.True(memory.Length < 0x9f000 || cut >= dump.Length - 8, $"cut at {cut} gave all the memory");
        }

        Gen.Int[0, dump.Length - 1].Array[1, 8].Select(Gen.Byte.Array[8]).Sample((positions, values) =>
        {
            var damaged = (byte[])dump.Clone();
            for (var i = 0; i < positions.Length; i++)
            {
                damaged[positions[i]] = values[i];
            }

            Walk(damaged);
        }, iter: 300);
    }
}
