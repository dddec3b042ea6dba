using System.Text;
using CsCheck;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Evidence;

/// <summary>
/// Bytes that are not UTF-8 become U+FFFD as a decoder makes them (Python's <c>decode('utf-8', 'replace')</c> is the
/// oracle: one U+FFFD per maximal ill-formed subpart), counted, with the first one's offset in the bytes as written.
/// </summary>
public sealed class Utf8RepairTests
{
    [Fact]
    public void Valid_utf8_comes_back_as_the_same_array_with_nothing_replaced()
    {
        var bytes = "pod \u00e9\u4e2d\U0001F600"u8.ToArray();

        var repair = Utf8Repair.Of(bytes);

        Assert.Same(bytes, repair.Bytes);
        Assert.Equal((0L, -1L), (repair.Replaced, repair.FirstAt));
        Assert.Null(repair.Problem("f.json"));
    }

    [Fact]
    public void A_stray_byte_a_lone_continuation_and_a_cut_sequence_each_become_one_replacement_character()
    {
        // a, FF, b, 80 (continuation without a lead), c, E2 82 (a 3-byte sequence cut short), d
        byte[] bytes = [(byte)'a', 0xFF, (byte)'b', 0x80, (byte)'c', 0xE2, 0x82, (byte)'d'];

        var repair = Utf8Repair.Of(bytes);

        Assert.Equal("a\uFFFDb\uFFFDc\uFFFDd", Encoding.UTF8.GetString(repair.Bytes));
        Assert.Equal([(byte)'a', 0xEF, 0xBF, 0xBD, (byte)'b'], repair.Bytes[..5]);
        Assert.Equal((4L, 1L), (repair.Replaced, repair.FirstAt));
        var problem = repair.Problem("guardduty/f.json")!;
        Assert.Equal(new EvidenceProblem("guardduty/f.json", "byte 1", "4 bytes that are not UTF-8 replaced with U+FFFD (the first here); everything else read as written"), problem);
    }

    [Fact]
    public void A_sequence_cut_at_the_end_of_the_bytes_is_replaced_too()
    {
        var repair = Utf8Repair.Of([(byte)'x', 0xF0, 0x9F, 0x98]);

        Assert.Equal("x\uFFFD", Encoding.UTF8.GetString(repair.Bytes));
        Assert.Equal((3L, 1L), (repair.Replaced, repair.FirstAt));
    }

    [Fact]
    public void Where_inside_a_file_the_bytes_came_from_is_put_before_the_byte()
    {
        var problem = Utf8Repair.Of([0xC0]).Problem("meta.db", "v1/k8s.io/containers/c1/spec");

        Assert.Equal("meta.db: v1/k8s.io/containers/c1/spec, byte 0: 1 byte that is not UTF-8 replaced with U+FFFD (the first here); everything else read as written", problem!.ToString());
    }

    [ProgramFact("python3", "python3")]
    public async Task Any_bytes_are_replaced_counted_and_located_exactly_as_pythons_utf8_decoder_does()
    {
        // Mostly text with hostile bytes mixed in: lead bytes, continuations, overlongs, surrogates, bytes above F4.
        byte[] hostile = [0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF];
        var random = new Random(15);
        var samples = Enumerable.Range(0, 400).Select(_ => Enumerable.Range(0, random.Next(0, 40))
            .Select(_ => random.Next(3) == 0 ? hostile[random.Next(hostile.Length)] : random.Next(2) == 0 ? (byte)random.Next(0x80, 0x100) : (byte)random.Next(0x20, 0x7F))
            .ToArray()).ToArray();
        var folder = Directory.CreateTempSubdirectory("eksir-utf8-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "in.txt"), string.Join("\n", samples.Select(Convert.ToHexString)));
            await File.WriteAllTextAsync(Path.Combine(folder, "oracle.py"), """
                import codecs, sys
                count = [0]
                def counting(e):
                    count[0] += e.end - e.start
                    return ('\ufffd', e.end)
                codecs.register_error('counting', counting)
                for line in open(sys.argv[1]).read().split('\n'):
                    b = bytes.fromhex(line)
                    count[0] = 0
                    fixed = b.decode('utf-8', 'counting').encode('utf-8')
                    try:
                        b.decode('utf-8'); first = -1
                    except UnicodeDecodeError as e:
                        first = e.start
                    print(fixed.hex().upper(), count[0], first)
                """);
            var result = await ProcessRun.RunAsync("python3", [Path.Combine(folder, "oracle.py"), Path.Combine(folder, "in.txt")], folder, TimeSpan.FromMinutes(1));

            Assert.True(result.ExitCode == 0, result.ToString());
            var expected = result.StdOut.TrimEnd('\n').Split('\n');
            Assert.Equal(samples.Length, expected.Length);
            for (var i = 0; i < samples.Length; i++)
            {
                var repair = Utf8Repair.Of(samples[i]);
                Assert.Equal(expected[i], $"{Convert.ToHexString(repair.Bytes)} {repair.Replaced} {repair.FirstAt}");
            }

            Assert.Contains(samples, s => Utf8Repair.Of(s).Replaced > 1); // the samples do hold hostile bytes
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
