using System.Security.Cryptography;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Memory;

namespace EksIr.Core.Tests.Memory;

/// <summary>
/// Real LiME data and the LiME/AVML header vectors of two other readers' own tests (tests/RealWorld/PROVENANCE.md,
/// "LiME (helper H10)"). deb-x86_64-slice.lime is memflow-LiME's sample (MIT; Marcondiro/memflow-LiME commit
/// ca3759ccb52c275fc67014bb6712f16be8f2a1cc, tests/), the first range of a Debian x86-64 LiME dump; its test reads
/// 128 bytes at physical 0x1000 and compares them with what Volatility 3 read there (the _volatility3_out file).
/// deb-x86_64-slice.avml-compressed.lime is that dump in AVML's compressed format, written by the generator beside
/// it with the Snappy library AVML writes with, and checked with Google's libsnappy.
/// </summary>
public sealed class LimeRealWorldTests
{
    private static readonly EvidenceRoot Samples = new(Repo.Path("tests", "RealWorld", "lime"));

    private static byte[] Volatility3At0x1000 => File.ReadAllBytes(Repo.Path("tests", "RealWorld", "lime", "deb-x86_64-slice_0x1000_volatility3_out"));

    /// <summary>Every byte of memory in a sample, by physical address, as the reader hands them out.</summary>
    private static (SortedDictionary<ulong, byte[]> Pieces, List<EvidenceProblem> Problems) Memory(string sample)
    {
        var pieces = new SortedDictionary<ulong, byte[]>();
        var problems = new List<EvidenceProblem>();
        using var file = File.OpenRead(Repo.Path("tests", "RealWorld", "lime", sample));
        LimeDump.Segments(file, sample, problems, (address, _, data, _) => pieces.Add(address, data.ToArray()));
        return (pieces, problems);
    }

    private static byte[] At(SortedDictionary<ulong, byte[]> pieces, ulong address, int length)
    {
        var (start, bytes) = pieces.Last(p => p.Key <= address);
        return bytes.AsSpan((int)(address - start), length).ToArray();
    }

    [Fact]
    public void A_slice_of_a_real_Debian_LiME_dump_reads_as_its_one_range_and_its_bytes_at_0x1000_are_the_ones_Volatility_3_read()
    {
        var lime = LimeDump.Read(Samples, "deb-x86_64-slice.lime");

        Assert.Equal("lime", lime.Format);
        Assert.Empty(lime.Problems);
        // One header (od -A d -t x8 -j 8 -N 16: 0x1000, 0x9ffff), then 0x9f000 bytes: the file's 651,296 bytes.
        Assert.Equal([(0x1000UL, 0x9ffffUL, 32L, 0x9f000L)], lime.Ranges.Select(r => (r.Start, r.End, r.Offset, r.Size)));
        Assert.Equal((651_296L, 0x9f000L), (lime.FileLength, lime.TotalBytes));
        Assert.Equal("7a05bd2e83da148ebc92af4450834a8866d27a041f3a731a04c57eae306f9ccc", lime.Sha256); // sha256sum

        var (pieces, problems) = Memory("deb-x86_64-slice.lime");
        Assert.Empty(problems);
        Assert.Equal(Volatility3At0x1000, At(pieces, 0x1000, 128));
    }

    [Fact]
    public void The_same_dump_in_AVMLs_compressed_format_reads_to_the_same_memory_at_the_same_addresses()
    {
        var avml = LimeDump.Read(Samples, "deb-x86_64-slice.avml-compressed.lime");

        Assert.Equal("avml", avml.Format);
        Assert.False(avml.Compressed); // not zlib
        Assert.Empty(avml.Problems);
        Assert.Equal([(0x1000UL, 0x9ffffUL, 32L, 0x9f000L)], avml.Ranges.Select(r => (r.Start, r.End, r.Offset, r.Size)));
        Assert.Equal(49_934L, avml.FileLength);
        Assert.Contains("avml convert", avml.Note);

        var (pieces, problems) = Memory("deb-x86_64-slice.avml-compressed.lime");
        Assert.Empty(problems);
        Assert.Equal(Volatility3At0x1000, At(pieces, 0x1000, 128));
        var memory = pieces.Values.SelectMany(p => p).ToArray();
        Assert.Equal(0x9f000, memory.Length);
        // tail -c +33 deb-x86_64-slice.lime | sha256sum: the LiME dump's memory, byte for byte.
        Assert.Equal("c01fc88600238c24c52b05c6e762b25c5ea34aa47bdf342e6e4306d45ac58c58", Convert.ToHexStringLower(SHA256.HashData(memory)));
    }

    [Fact]
    public void The_header_vectors_of_AVMLs_and_memflow_LiMEs_tests_read_as_those_tests_say()
    {
        // avml src/image.rs encode_header_lime: the header of Range 0x1000..0x20001 (end exclusive), LiME version 1.
        byte[] lime = [0x45, 0x4d, 0x69, 0x4c, 0x01, 0, 0, 0, 0x00, 0x10, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        // avml src/image.rs encode_header_avml: the same range, AVML version 2.
        byte[] avml = [0x41, 0x56, 0x4d, 0x4c, 0x02, 0, 0, 0, 0x00, 0x10, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var memory = Enumerable.Range(0, 0x20001 - 0x1000).Select(i => (byte)(i * 7 + 1)).ToArray();
        var frames = AvmlWriter.Frames(memory);
        var avmlFile = avml.Concat(frames).Concat(BitConverter.GetBytes((ulong)frames.Length)).ToArray();

        foreach (var (dump, format) in new[] { (lime.Concat(memory).ToArray(), "lime"), (avmlFile, "avml") })
        {
            var problems = new List<EvidenceProblem>();
            var read = new List<byte>();
            var (f, ranges, _) = LimeDump.Segments(new MemoryStream(dump), format, problems, (_, _, data, _) => read.AddRange(data.ToArray()));
            Assert.Equal(format, f);
            Assert.Empty(problems);
            Assert.Equal([(0x1000UL, 0x20000UL, 0x20001UL - 0x1000)], ranges.Select(r => (r.Start, r.End, r.Length)));
            Assert.Equal(memory, read);
        }

        // memflow-LiME src/lib.rs header_parser_works: version 1, s_addr 0x40000000, e_addr 0xFBD00000 - 1. Alone, its
        // range is all cut off.
        byte[] memflow = [69, 77, 105, 76, 1, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 255, 255, 207, 251, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var cut = new List<EvidenceProblem>();
        var (_, only, _) = LimeDump.Segments(new MemoryStream(memflow), "memflow", cut);
        Assert.Equal((0x40000000UL, 0xFBD00000UL - 1, 0L), (only[0].Start, only[0].End, only[0].Size));
        Assert.Equal($"segment 0x40000000-0xfbcfffff is cut short: 0 of {0xFBD00000L - 0x40000000} bytes are in the file", Assert.Single(cut).Problem);
    }

    [Fact]
    public void AVMLs_inverted_range_vector_is_a_named_problem_and_nothing_after_it_is_taken_as_memory()
    {
        // avml src/image.rs read_rejects_inverted_wire_ranges: Range 100..200 encoded, then its last byte set to 50.
        var header = LimeWriter.Header(100, 199);
        BitConverter.GetBytes(50UL).CopyTo(header, 16);
        var problems = new List<EvidenceProblem>();

        var (_, ranges, _) = LimeDump.Segments(new MemoryStream([.. LimeWriter.Write((0, new byte[100])), .. header, .. new byte[100]]), "inverted", problems);

        Assert.Single(ranges);
        var problem = Assert.Single(problems);
        Assert.Equal(("byte 132", "segment 0x64-0x32 is not a range (end before start, or impossibly large); the rest of the file is not read"),
            (problem.Where, problem.Problem));
    }
}
