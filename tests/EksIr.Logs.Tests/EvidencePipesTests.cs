using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using EksIr.Core.Evidence;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>Evidence handed to the engine through named pipes: read with real opens of the pipes, as the engine opens them.</summary>
public sealed class EvidencePipesTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly EvidenceReadLog _journal = new();

    public void Dispose() => _temp.Dispose();

    private EvidenceRoot Evidence() => new(_temp.Combine("evidence"), _journal);

    private string Pipes(string name = "pipes") => _temp.Combine("scratch", name);

    [Fact]
    public void Each_open_of_a_pipe_gets_the_whole_file_unzipped_and_each_read_is_journaled_with_its_sha256()
    {
        var text = string.Join("\n", Enumerable.Range(0, 20_000).Select(i => $"{{\"n\":{i}}}")) + "\n";
        var zipped = Gzip(Encoding.UTF8.GetBytes(text));
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(_temp.Combine("evidence", "logs")).FullName, "a.jsonl.gz"), zipped);
        _temp.Write("evidence/logs/b.json", "[1,2,3]");

        using (var pipes = new EvidencePipes(Evidence(), Pipes(), ["logs/a.jsonl.gz", "logs/b.json"]))
        {
            Assert.Equal(text, File.ReadAllText(pipes.Paths[0]));
            Assert.Equal(text, File.ReadAllText(pipes.Paths[0])); // a second scan of the table
            Assert.Equal("[1,2,3]", File.ReadAllText(pipes.Paths[1]));
            Assert.Empty(pipes.Failures);
        }

        var reads = _journal.Drain();
        Assert.Equal(
            [("logs/a.jsonl.gz", zipped.Length, Convert.ToHexStringLower(SHA256.HashData(zipped))), ("logs/a.jsonl.gz", zipped.Length, Convert.ToHexStringLower(SHA256.HashData(zipped))),
             ("logs/b.json", 7, Convert.ToHexStringLower(SHA256.HashData("[1,2,3]"u8)))],
            reads.Select(r => (r.Path, (int)r.BytesRead, r.Sha256)).OrderBy(r => r.Path, StringComparer.Ordinal));
        Assert.False(Directory.Exists(Pipes()));
    }

    [Fact]
    public void A_second_reader_that_opens_the_pipe_while_the_first_reads_gets_its_own_whole_stream()
    {
        var text = new string('x', 1 << 20);
        _temp.Write("evidence/big.json", text);
        using var pipes = new EvidencePipes(Evidence(), Pipes(), ["big.json"]);

        using var first = new FileStream(pipes.Paths[0], FileMode.Open, FileAccess.Read);
        var start = new byte[1];
        first.ReadExactly(start);
        var second = File.ReadAllText(pipes.Paths[0]);
        using var rest = new StreamReader(first);

        Assert.Equal(text, second);
        Assert.Equal(text, "x" + rest.ReadToEnd());
    }

    [Fact]
    public void A_pipe_opened_out_of_order_is_served_and_those_never_opened_are_released_on_dispose()
    {
        for (var i = 0; i < 40; i++)
        {
            _temp.Write($"evidence/f{i:D2}.json", $"{{\"file\":{i}}}");
        }

        var pipes = new EvidencePipes(Evidence(), Pipes(), Enumerable.Range(0, 40).Select(i => $"f{i:D2}.json").ToList());
        var last = File.ReadAllText(pipes.Paths[37]); // far beyond the writers waiting in order: the sweeper meets it
        var first = File.ReadAllText(pipes.Paths[0]);
        pipes.Dispose();

        Assert.Equal(("{\"file\":37}", "{\"file\":0}"), (last, first));
        Assert.Equal(["f00.json", "f37.json"], _journal.Drain().Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Pipes()));
    }

    [Fact]
    public void A_reader_that_stops_early_leaves_a_partial_read_in_the_journal_and_does_not_hold_the_pipes_up()
    {
        var text = new string('y', 4 << 20);
        _temp.Write("evidence/big.json", text);
        var pipes = new EvidencePipes(Evidence(), Pipes(), ["big.json"]);

        using (var reader = new FileStream(pipes.Paths[0], FileMode.Open, FileAccess.Read))
        {
            reader.ReadExactly(new byte[10]);
        }

        pipes.Dispose();

        var read = Assert.Single(_journal.Drain());
        Assert.Equal(("big.json", 4L << 20, (string?)null), (read.Path, read.Size, read.Sha256));
        Assert.InRange(read.BytesRead, 10, (4L << 20) - 1);
        Assert.Empty(pipes.Failures);
    }

    [Fact]
    public void A_file_whose_gzip_is_cut_off_is_a_named_failure_and_its_stream_ends_in_bytes_no_json_reader_accepts()
    {
        var zipped = Gzip(Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 50_000).Select(i => $"{{\"n\":{i},\"pad\":\"{Guid.NewGuid()}\"}}"))));
        Directory.CreateDirectory(_temp.Combine("evidence"));
        File.WriteAllBytes(_temp.Combine("evidence", "cut.jsonl.gz"), zipped[..(zipped.Length / 2)]);
        using var pipes = new EvidencePipes(Evidence(), Pipes(), ["cut.jsonl.gz"]);

        var bytes = File.ReadAllBytes(pipes.Paths[0]);

        Assert.Equal("\n\u0001\n"u8.ToArray(), bytes[^3..]);
        var failure = Assert.Single(pipes.Failures);
        Assert.Equal("cut.jsonl.gz", failure.File);
        Assert.StartsWith("compressed byte ", failure.Where, StringComparison.Ordinal);
        Assert.Contains("gzip damaged or cut off", failure.Problem, StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(data);
        }

        return buffer.ToArray();
    }
}
