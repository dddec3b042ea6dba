using System.IO.Compression;
using System.Text;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;
using EksIr.Core.FileSystems.Tar;

namespace EksIr.Core.Tests.FileSystems;

/// <summary>
/// What a hostile archive may cost: a name hundreds of thousands of components deep costs memory linear in its
/// length and is reported, not indexed; a gzip that unpacks to far more than its size stops at the scratch limit.
/// </summary>
public sealed class ArchiveLimitsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [ProgramFact("tar", "tar")]
    public async Task A_member_300000_components_deep_is_one_problem_naming_it_and_adds_nothing_to_the_index()
    {
        var deep = string.Concat(Enumerable.Repeat("a/", 300_000)) + "payload";
        var shallow = TarBlocks.Member("etc/hostname", "node-1"u8.ToArray());
        var deepMember = TarBlocks.Member(deep, "deep"u8.ToArray());
        var archive = _temp.Combine("deep.tar");
        File.WriteAllBytes(archive, [.. shallow, .. deepMember, .. TarBlocks.End()]);
        var listed = await ProcessRun.RunAsync("tar", ["-tf", archive], _temp.Path, TimeSpan.FromMinutes(2));
        Assert.Equal(["etc/hostname", deep], listed.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // GNU tar reads the same two members

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        using var volume = Open(archive);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var problem = Assert.Single(volume.Problems);
        Assert.Equal($"byte {shallow.Length + deepMember.Length - 1024}", problem.Where); // the member's own header, after its pax records
        Assert.StartsWith("a/a/a/a/", problem.Problem);
        Assert.EndsWith("a/a/a/payload: 300001 path components, deeper than 1024; not followed", problem.Problem);
        Assert.True(problem.Problem.Length < 1000, $"the name is shortened in the message, not {problem.Problem.Length} characters");
        Assert.Equal(["etc", "etc/hostname"], Entries(volume)); // not one directory made for the deep name
        Assert.True(allocated < 32 << 20, $"indexing allocated {allocated} bytes for a 600 kB name"); // as full paths per level: 90 GB
    }

    [ProgramFact("tar", "tar")]
    public async Task Members_below_one_folder_at_the_depth_limit_are_one_problem_that_counts_them()
    {
        const int depth = 1100;
        var members = Enumerable.Range(1, depth).Select(i => string.Concat(Enumerable.Repeat("d/", i))).ToArray();
        var archive = _temp.Combine("chain.tar");
        File.WriteAllBytes(archive, [.. members.SelectMany(m => TarBlocks.Member(m, [], '5')), .. TarBlocks.End()]);
        var listed = await ProcessRun.RunAsync("tar", ["-tf", archive], _temp.Path, TimeSpan.FromMinutes(2));
        Assert.Equal(members, listed.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        using var volume = Open(archive);

        var problem = Assert.Single(volume.Problems);
        Assert.EndsWith("d/d/d/: 1025 path components, deeper than 1024; not followed, nor 75 more members that deep below the same folder", problem.Problem);
        var entries = Entries(volume);
        Assert.Equal(PathDepth.MaxComponents, entries.Count);
        Assert.Equal(PathDepth.MaxComponents, entries[^1].Split('/').Length);
    }

    [Fact]
    public void A_gzip_bomb_stops_at_the_scratch_limit_with_an_error_naming_the_archive_the_folder_and_the_room_needed()
    {
        const long limit = 4 << 20;
        var scratch = _temp.Combine("scratch");
        Directory.CreateDirectory(scratch);
        var bomb = GzipBomb(256);
        Assert.True(bomb.Length < 1 << 20, $"{bomb.Length} bytes of gzip"); // 256 MiB once unpacked

        var writtenBefore = WrittenByThisThread();
        var error = Assert.Throws<ScratchSpaceException>(() => TarArchiveVolume.Open(new MemoryStream(bomb), "node.tar.gz", null, new ScratchSpace(scratch, limit)));
        var written = WrittenByThisThread() - writtenBefore;

        Assert.StartsWith($"node.tar.gz: unpacking it for reading needs more than 4 MiB ({limit} bytes) of scratch space in {scratch} (the limit set; ", error.Message);
        Assert.Contains("Unpack it into a folder with more room (--scratch DIR, or TMPDIR=DIR) or allow more (--scratch-limit SIZE)", error.Message);
        Assert.InRange(written, limit - (64 << 10), limit); // what the kernel counted this thread writing: up to the limit, never past it
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch)); // and that copy is gone
    }

    [Fact]
    public void A_gzip_archive_within_the_limit_is_unpacked_into_the_scratch_folder_given_and_gone_when_closed()
    {
        var scratch = _temp.Combine("scratch");
        Directory.CreateDirectory(scratch);
        var tar = new MemoryStream();
        using (var gzip = new GZipStream(tar, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write([.. TarBlocks.Member("etc/hostname", "node-1"u8.ToArray()), .. TarBlocks.End()]);
        }

        using (var volume = TarArchiveVolume.Open(new MemoryStream(tar.ToArray()), "node.tar.gz", null, new ScratchSpace(scratch, 1 << 20)))
        {
            Assert.Empty(volume.Problems);
            using var reader = new StreamReader(volume.OpenRead("etc/hostname"u8));
            Assert.Equal("node-1", reader.ReadToEnd());
            Assert.Single(OpenFilesIn(scratch)); // this process holds one file there, already unlinked
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
        }

        Assert.Empty(OpenFilesIn(scratch));
    }

    /// <summary>A tar holding one member of <paramref name="mebibytes"/> MiB of zeros, as that many concatenated gzip members of 1 MiB each.</summary>
    private static byte[] GzipBomb(int mebibytes)
    {
        static byte[] Gzip(byte[] data)
        {
            var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                gzip.Write(data);
            }

            return output.ToArray();
        }

        var zeros = Gzip(new byte[1 << 20]);
        return [.. Gzip(TarBlocks.Header("var/lib/big.img", '0', (long)mebibytes << 20)), .. Enumerable.Repeat(zeros, mebibytes).SelectMany(z => z), .. Gzip(TarBlocks.End())];
    }

    /// <summary>Bytes this thread has passed to write system calls, as the kernel counts them (/proc/thread-self/io wchar).</summary>
    private static long WrittenByThisThread() =>
        long.Parse(File.ReadAllLines("/proc/thread-self/io").Single(l => l.StartsWith("wchar:", StringComparison.Ordinal))["wchar:".Length..].Trim(),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The files under a folder that this process holds open (from /proc/self/fd).</summary>
    private static List<string> OpenFilesIn(string folder) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Select(fd => fd.LinkTarget).OfType<string>()
            .Where(target => target.StartsWith(folder + "/", StringComparison.Ordinal)).ToList();

    private static TarArchiveVolume Open(string path)
    {
        using var stream = File.OpenRead(path);
        return TarArchiveVolume.Open(stream, Path.GetFileName(path), path);
    }

    /// <summary>Every path the volume lists, depth first, read without recursion.</summary>
    private static List<string> Entries(EvidenceVolume volume)
    {
        var entries = new List<string>();
        var pending = new Stack<byte[]>([[]]);
        while (pending.TryPop(out var directory))
        {
            foreach (var name in volume.ReadDirectory(directory).AsEnumerable().Reverse())
            {
                var path = RawPath.Join(directory, name);
                if (volume.Lstat(path)?.Kind == FileKind.Directory)
                {
                    pending.Push(path);
                }

                entries.Add(Encoding.UTF8.GetString(path));
            }
        }

        entries.Sort(StringComparer.Ordinal);
        return entries;
    }
}
