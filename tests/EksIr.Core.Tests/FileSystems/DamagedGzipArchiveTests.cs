using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;
using EksIr.Core.FileSystems.Tar;

namespace EksIr.Core.Tests.FileSystems;

/// <summary>
/// A node archive (tar.gz made by GNU tar and gzip) with a damaged gzip block: the members before the damage are
/// listed and read whole, the member it cuts is said to be cut, the damage is named with the archive and the
/// compressed bytes, and the members after it are said to be lost — never the whole archive discarded.
/// </summary>
public sealed class DamagedGzipArchiveTests : IDisposable
{
    private const int Files = 24;
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The source folder's files in archive order (tar --sort=name): m00.txt … m23.txt, each 20 000 bytes of varied text.</summary>
    private Dictionary<string, string> Sources()
    {
        var random = new Random(7);
        var words = new[] { "pod", "node", "exec", "token", "miner", "kubelet", "containerd", "shim", "overlay", "audit" };
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Files; i++)
        {
            var text = new StringBuilder();
            while (text.Length < 20_000)
            {
                text.Append(words[random.Next(words.Length)]).Append(random.Next(1000)).Append(random.Next(8) == 0 ? '\n' : ' ');
            }

            files[$"m{i:00}.txt"] = text.ToString(0, 20_000);
        }

        return files;
    }

    /// <summary>GNU tar then gzip -n (no name, no time stamp): the same bytes on every run for the same tools.</summary>
    private async Task<(string Archive, Dictionary<string, string> Files)> TarGz()
    {
        var files = Sources();
        var source = Directory.CreateDirectory(_temp.Combine("src")).FullName;
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(source, name), text);
        }

        var archive = _temp.Combine("evidence", "node.tar");
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        var tar = await ProcessRun.RunAsync("tar", ["--sort=name", "--format=gnu", "--mtime=@1795932778", "--owner=0", "--group=0", "--numeric-owner", "-cf", archive, "-C", source, "."],
            _temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(tar.ExitCode == 0, tar.ToString());
        var gzip = await ProcessRun.RunAsync("gzip", ["-n", "-9", archive], _temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(gzip.ExitCode == 0, gzip.ToString());
        return (archive + ".gz", files);
    }

    /// <summary>
    /// Garbage (48 bytes of FF) from the middle on, at the first place GNU gzip itself finds it in the deflate data
    /// ("format violated"), not only by the CRC at the end (garbage can inflate to the end unnoticed; that place no
    /// reader can name).
    /// </summary>
    private static async Task<(byte[] Bytes, int At)> DamagedInTheMiddle(string archive)
    {
        var original = File.ReadAllBytes(archive);
        for (var at = original.Length / 2; at < original.Length * 3 / 4; at += 97)
        {
            var bytes = (byte[])original.Clone();
            bytes.AsSpan(at, 48).Fill(0xFF);
            File.WriteAllBytes(archive, bytes);
            var test = await ProcessRun.RunAsync("gzip", ["-t", archive], Path.GetTempPath(), TimeSpan.FromMinutes(1));
            if (test.ExitCode != 0 && test.StdErr.Contains("format violated", StringComparison.Ordinal))
            {
                return (bytes, at);
            }
        }

        throw new InvalidOperationException("no place in the middle where gzip finds the garbage before the end");
    }

    [ProgramFact("gzip", "gzip")]
    public async Task Members_before_a_damaged_gzip_block_are_kept_whole_and_the_damage_and_the_cut_member_are_named()
    {
        var (archive, files) = await TarGz();
        var (_, middle) = await DamagedInTheMiddle(archive);

        using var stream = File.OpenRead(archive);
        using var volume = TarArchiveVolume.Open(stream, "node.tar.gz", archive);

        var listed = volume.ReadDirectory([]).Select(n => Encoding.UTF8.GetString(n)).ToList();
        Assert.InRange(listed.Count, 3, Files - 2); // the damage is in the middle: members on both sides
        Assert.Equal(files.Keys.Take(listed.Count), listed); // the members before it, in order, none skipped
        var damage = volume.Problems[0];
        Assert.Equal("node.tar.gz", damage.Volume);
        var where = Regex.Match(damage.Where, @"^compressed bytes (\d+)-(\d+)$");
        Assert.True(where.Success, damage.Where);
        Assert.True(long.Parse(where.Groups[1].Value) <= middle + 48 && long.Parse(where.Groups[2].Value) > middle, damage.Where); // the bytes named hold the garbage
        Assert.StartsWith("the gzip data does not inflate past these bytes", damage.Problem);
        Assert.Contains("members after this point are lost", damage.Problem);
        var reached = long.Parse(Regex.Match(damage.Problem, @"read up to its byte (\d+)").Groups[1].Value);

        var cut = listed[^1];
        Assert.Contains(volume.Problems, p => p.Problem.StartsWith($"./{cut}: the archive ends inside this member", StringComparison.Ordinal));
        foreach (var name in listed.SkipLast(1))
        {
            Assert.Equal(files[name], Read(volume, name)); // whole and right
        }

        var partial = Read(volume, cut);
        Assert.True(partial.Length < files[cut].Length);
        Assert.True(reached > 20_000L * (listed.Count - 1) + 512L * listed.Count, $"{reached}"); // every whole member's header and data came before it
    }

    [ProgramFact("gzip", "gzip")]
    public async Task A_gzip_damaged_in_its_first_block_is_named_as_such_when_the_node_is_opened()
    {
        var (archive, _) = await TarGz();
        var bytes = File.ReadAllBytes(archive);
        bytes.AsSpan(10, 64).Fill(0xFF); // right after the gzip header: the first deflate block
        File.WriteAllBytes(archive, bytes);
        var root = new EvidenceRoot(_temp.Combine("evidence"));

        var error = Assert.Throws<EvidenceAccessException>(() => root.Subroot("node.tar.gz"));

        Assert.StartsWith("node.tar.gz: is neither a folder nor a tar archive (the gzip data does not inflate past these bytes", error.Message);
    }

    [Fact]
    public void Any_corruption_of_a_gzip_archive_keeps_what_inflates_and_never_throws()
    {
        var files = Sources();
        using var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in files.Take(6))
            {
                writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        using var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(tar.ToArray());
        }

        var bytes = gz.ToArray();
        Gen.Int[0, bytes.Length - 1].Array[1, 6].Select(Gen.Byte.Array[6]).Sample((positions, values) =>
        {
            var damaged = (byte[])bytes.Clone();
            for (var i = 0; i < positions.Length; i++)
            {
                damaged[positions[i]] = values[i];
            }

            using var volume = TarArchiveVolume.Open(new MemoryStream(damaged), "fuzz.tar.gz", null);
            foreach (var name in volume.ReadDirectory([]))
            {
                if (volume.Lstat(name) is { Kind: FileKind.File })
                {
                    using var member = volume.OpenRead(name);
                    member.CopyTo(Stream.Null);
                }
            }
        }, iter: 1000);
    }

    private static string Read(EvidenceVolume volume, string path)
    {
        using var stream = volume.OpenRead(Encoding.UTF8.GetBytes(path));
        return new StreamReader(stream).ReadToEnd();
    }
}
