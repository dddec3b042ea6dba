using System.Text;
using CsCheck;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;
using EksIr.Core.FileSystems.Tar;

namespace EksIr.Core.Tests.FileSystems;

/// <summary>
/// Archives written by real tar writers (GNU tar, Python's tarfile) with the members a collection can hold — long
/// names, hard links, pax times and xattrs, whiteouts — and hostile ones: names climbing out with '..', damaged
/// headers, cut-off members. Never a crash: what cannot be taken in is skipped and said with its byte offset.
/// </summary>
public sealed class TarArchiveVolumeTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Runs a Python tarfile script (the archive is ARCHIVE) and returns the archive's path.</summary>
    private async Task<string> PythonTar(string body)
    {
        var archive = _temp.Combine($"py-{Guid.NewGuid():N}.tar");
        var script = "import tarfile, io, base64\n" +
                     "def add(t, name, data=b'', **kw):\n" +
                     "    i = tarfile.TarInfo(name)\n" +
                     "    for k, v in kw.items(): setattr(i, k, v)\n" +
                     "    i.size = len(data) if i.type in (tarfile.REGTYPE, tarfile.AREGTYPE) else 0\n" +
                     "    t.addfile(i, io.BytesIO(data) if data else None)\n" +
                     $"t = tarfile.open({Quote(archive)}, 'w', format=tarfile.PAX_FORMAT)\n" + body + "\nt.close()\n";
        var result = await ProcessRun.RunAsync("python3", ["-c", script], _temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        return archive;
    }

    private static string Quote(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static TarArchiveVolume Open(string path)
    {
        using var stream = File.OpenRead(path);
        return TarArchiveVolume.Open(stream, Path.GetFileName(path), path);
    }

    [ProgramFact("python3", "python3")]
    public async Task Pax_times_owners_xattrs_devices_and_hard_links_are_read_from_the_headers()
    {
        var archive = await PythonTar("""
            add(t, './etc/', type=tarfile.DIRTYPE, mode=0o755)
            add(t, './etc/passwd', b'root:x:0:0::/root:/bin/sh\n', mode=0o644, uid=0, gid=0, pax_headers={'mtime': '1795932778.984531691', 'atime': '1795932800.5', 'ctime': '1795932779.000000001'})
            add(t, './tmp/.x/sh', b'ELF', mode=0o4755, uid=1000, gid=1000)
            add(t, './tmp/.x/hard', type=tarfile.LNKTYPE, linkname='tmp/.x/sh')
            add(t, './var/www/index.html', type=tarfile.CHRTYPE, devmajor=0, devminor=0)
            add(t, './bin/sh', type=tarfile.SYMTYPE, linkname='busybox')
            add(t, './opt/app/', type=tarfile.DIRTYPE, mode=0o755, pax_headers={'SCHILY.xattr.trusted.overlay.opaque': 'y'})
            add(t, './opt/lib/', type=tarfile.DIRTYPE, mode=0o755, pax_headers={'LIBARCHIVE.xattr.user.overlay.opaque': base64.b64encode(b'y').decode().rstrip('=')})
            add(t, 'a/' + 'long-name-' * 30 + '/file', b'deep')
            """);
        using var volume = Open(archive);

        Assert.Empty(volume.Problems);
        var passwd = volume.Lstat("etc/passwd"u8)!;
        Assert.Equal((1795932778L, 984531691), (passwd.ModifyTime.UnixSeconds, passwd.ModifyTime.Nanoseconds));
        Assert.Equal((1795932800L, 500000000), (passwd.AccessTime!.Value.UnixSeconds, passwd.AccessTime.Value.Nanoseconds));
        Assert.Equal(1, passwd.ChangeTime!.Value.Nanoseconds);
        Assert.Equal("-rw-r--r--", passwd.ModeString());

        var sh = volume.Lstat("tmp/.x/sh"u8)!;
        Assert.Equal("-rwsr-xr-x", sh.ModeString());
        Assert.Equal((1000u, 2u), (sh.Uid, sh.Links));
        Assert.Equal(sh.Inode, volume.Lstat("tmp/.x/hard"u8)!.Inode);
        Assert.Equal("ELF", Read(volume, "tmp/.x/hard"));

        Assert.True(volume.Lstat("var/www/index.html"u8)!.IsWhiteout);
        Assert.Equal("busybox", Encoding.UTF8.GetString(volume.ReadLink("bin/sh"u8)));
        Assert.Equal("y"u8.ToArray(), volume.GetXattr("opt/app"u8, "trusted.overlay.opaque"));
        Assert.Equal("y"u8.ToArray(), volume.GetXattr("opt/lib"u8, "user.overlay.opaque"));
        Assert.Equal("deep", Read(volume, "a/" + string.Concat(Enumerable.Repeat("long-name-", 30)) + "/file"));
        Assert.Equal(["a", "bin", "etc", "opt", "tmp", "var"], volume.ReadDirectory([]).Select(n => Encoding.UTF8.GetString(n)));
        Assert.True(volume.Lstat("tmp"u8)!.Kind == FileKind.Directory); // implied by tmp/.x/sh, which has no header of its own
    }

    [ProgramFact("python3", "python3")]
    public async Task A_libarchive_extended_attribute_that_is_not_base64_is_named_and_the_member_kept()
    {
        var archive = await PythonTar("""
            add(t, './opt/app/', type=tarfile.DIRTYPE, mode=0o755, pax_headers={'LIBARCHIVE.xattr.trusted.overlay.opaque': '!y!', 'LIBARCHIVE.xattr.user.x': base64.b64encode(b'v').decode()})
            """);
        using var volume = Open(archive);

        var problem = Assert.Single(volume.Problems);
        Assert.Equal("./opt/app/: extended attribute trusted.overlay.opaque: its LIBARCHIVE.xattr.trusted.overlay.opaque value is not base64; left out", problem.Problem);
        Assert.Equal(FileKind.Directory, volume.Lstat("opt/app"u8)!.Kind);
        Assert.Null(volume.GetXattr("opt/app"u8, "trusted.overlay.opaque"));
        Assert.Equal("v"u8.ToArray(), volume.GetXattr("opt/app"u8, "user.x"));
    }

    [ProgramFact("tar", "tar")]
    public async Task Gnu_long_names_and_non_utf8_names_from_gnu_tar_stay_byte_exact()
    {
        var source = _temp.Combine("src");
        var deep = Path.Combine(source, string.Concat(Enumerable.Repeat("directory-", 12)), "file.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(deep)!);
        File.WriteAllText(deep, "gnu");
        var made = await ProcessRun.RunAsync("python3", ["-c", $"open({Quote(source)}.encode() + b'/caf\\xe9', 'wb').write(b'latin1')"], _temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(made.ExitCode == 0, made.ToString()); // a Latin-1 'é': a name that is not UTF-8

        var archive = _temp.Combine("gnu.tar");
        var result = await ProcessRun.RunAsync("tar", ["--format=gnu", "-C", source, "-cf", archive, "."], _temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        using var volume = Open(archive);

        Assert.Empty(volume.Problems);
        Assert.Equal("gnu", Read(volume, Path.GetRelativePath(source, deep)));
        var name = Assert.Single(volume.ReadDirectory([]), n => n[0] == (byte)'c');
        Assert.Equal("caf\\xe9", RawPath.Display(name));
        using var stream = volume.OpenRead(name);
        Assert.Equal("latin1", new StreamReader(stream).ReadToEnd());
    }

    [ProgramFact("python3", "python3")]
    public async Task Names_climbing_out_absolute_names_and_duplicates_are_handled_and_reported()
    {
        var archive = await PythonTar("""
            add(t, '../../etc/shadow', b'host secret')
            add(t, 'var/../../x', b'climb')
            add(t, '/etc/hostname', b'node-1')
            add(t, 'etc/motd', b'first')
            add(t, 'etc/motd', b'second')
            """);
        using var volume = Open(archive);

        Assert.Equal(["etc"], volume.ReadDirectory([]).Select(n => Encoding.UTF8.GetString(n)));
        Assert.Equal("node-1", Read(volume, "etc/hostname"));
        Assert.Equal("second", Read(volume, "etc/motd"));
        Assert.Equal(2, volume.Problems.Count(p => p.Problem.Contains("climbs out of the archive", StringComparison.Ordinal)));
        Assert.Contains(volume.Problems, p => p.Problem.StartsWith("1 names appear more than once", StringComparison.Ordinal));
        Assert.Contains(volume.Problems, p => p.Where == "byte 0" && p.Problem.Contains("../../etc/shadow", StringComparison.Ordinal));
    }

    [ProgramFact("python3", "python3")]
    public async Task Overlay_layers_inside_an_archive_merge_with_opaque_xattrs_and_whiteouts()
    {
        var archive = await PythonTar("""
            add(t, 'lower/etc/keep', b'lower')
            add(t, 'lower/etc/gone', b'lower')
            add(t, 'lower/opt/app/old.bin', b'old')
            add(t, 'upper/etc/gone', type=tarfile.CHRTYPE, devmajor=0, devminor=0)
            add(t, 'upper/opt/app/', type=tarfile.DIRTYPE, mode=0o755, pax_headers={'SCHILY.xattr.trusted.overlay.opaque': 'y'})
            add(t, 'upper/opt/app/new.bin', b'new')
            """);
        using var volume = Open(archive);
        var fs = new OverlayFilesystem([new OverlayLayer("upper", "upper"u8.ToArray(), "upper"), new OverlayLayer("lower", "lower"u8.ToArray(), "lower")], volume);

        Assert.Equal(["/etc/keep"], fs.List("/etc").Select(e => e.DisplayPath));
        Assert.Equal(["/opt/app/new.bin"], fs.List("/opt/app").Select(e => e.DisplayPath));
        // docker diff of a directory made again (the real engine's answer in DockerStoreTests): the folder C, what it hid D.
        Assert.Equal(["C /etc", "D /etc/gone", "C /opt", "C /opt/app", "A /opt/app/new.bin", "D /opt/app/old.bin"],
            OverlayDiff.Changes(fs).Select(c => $"{c.Change} {c.Path}"));
    }

    [ProgramFact("python3", "python3")]
    public async Task A_damaged_header_is_skipped_to_the_next_valid_one_and_a_cut_off_archive_is_said()
    {
        var archive = await PythonTar("""
            add(t, 'a.txt', b'A' * 100)
            add(t, 'b.txt', b'B' * 100)
            add(t, 'c.txt', b'C' * 100)
            """);
        var bytes = File.ReadAllBytes(archive);
        var second = FindHeader(bytes, "b.txt");
        bytes[second + 148] ^= 0x01; // break b.txt's header checksum
        File.WriteAllBytes(archive, bytes);
        using (var volume = Open(archive))
        {
            Assert.Equal(["a.txt", "c.txt"], volume.ReadDirectory([]).Select(n => Encoding.UTF8.GetString(n)));
            var problem = Assert.Single(volume.Problems);
            Assert.Equal($"byte {second}", problem.Where);
            Assert.Contains("checksum", problem.Problem, StringComparison.Ordinal);
        }

        var third = FindHeader(bytes, "c.txt");
        File.WriteAllBytes(archive, bytes[..(third + 512 + 40)]);
        using (var cut = Open(archive))
        {
            Assert.Equal("CCCCCCCCCC", Read(cut, "c.txt")[..10]);
            Assert.Equal(40, cut.Lstat("c.txt"u8) is { } s ? Read(cut, "c.txt").Length : -1);
            Assert.Contains(cut.Problems, p => p.Where == $"byte {third}" && p.Problem.Contains("ends inside this member (40 of 100 bytes)", StringComparison.Ordinal));
        }
    }

    [ProgramFact("python3", "python3")]
    public async Task Any_cut_and_any_corruption_of_an_archive_gives_problems_never_a_crash()
    {
        var archive = await PythonTar("""
            add(t, './etc/', type=tarfile.DIRTYPE, mode=0o755)
            add(t, './etc/passwd', b'root:x:0:0\n' * 20, pax_headers={'mtime': '1795932778.984531691', 'SCHILY.xattr.user.x': 'v'})
            add(t, './bin/sh', type=tarfile.SYMTYPE, linkname='busybox')
            add(t, './x/' + 'n' * 150, b'long')
            add(t, './w', type=tarfile.CHRTYPE)
            """);
        var bytes = File.ReadAllBytes(archive);
        for (var cut = 0; cut < bytes.Length; cut += 7)
        {
            using var volume = TarArchiveVolume.Open(new MemoryStream(bytes[..cut]), "cut.tar", null);
            Walk(volume);
        }

        Gen.Int[0, bytes.Length - 1].Array[1, 8].Select(Gen.Byte.Array[8]).Sample((positions, values) =>
        {
            var damaged = (byte[])bytes.Clone();
            for (var i = 0; i < positions.Length; i++)
            {
                damaged[positions[i]] = values[i];
            }

            using var volume = TarArchiveVolume.Open(new MemoryStream(damaged), "fuzz.tar", null);
            Walk(volume);
        }, iter: 3000);
    }

    [Fact]
    public void Compressed_archives_other_than_gzip_are_refused_by_name()
    {
        var xz = new byte[] { 0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0, 1, 2 };
        var error = Assert.Throws<IOException>(() => TarArchiveVolume.Open(new MemoryStream(xz), "node.tar.xz", null));
        Assert.Equal("node.tar.xz: compressed with xz, which is not read here; decompress a copy first (the evidence stays as it is)", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_archive_is_not_taken_for_an_empty_node()
    {
        _temp.Write("evidence/notes.txt", "analyst notes, not a tar");
        var root = new EvidenceRoot(_temp.Combine("evidence"));
        var error = Assert.Throws<EvidenceAccessException>(() => root.Subroot("notes.txt"));
        Assert.Contains("notes.txt: is neither a folder nor a tar archive", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Reads everything the volume says it has, as an analysis would.</summary>
    private static void Walk(TarArchiveVolume volume)
    {
        var pending = new Stack<byte[]>([[]]);
        while (pending.TryPop(out var directory))
        {
            foreach (var name in volume.ReadDirectory(directory))
            {
                var path = RawPath.Join(directory, name);
                var status = volume.Lstat(path)!;
                switch (status.Kind)
                {
                    case FileKind.Directory:
                        pending.Push(path);
                        break;
                    case FileKind.File:
                        using (var stream = volume.OpenRead(path))
                        {
                            stream.CopyTo(Stream.Null);
                        }

                        break;
                    case FileKind.SymbolicLink:
                        volume.ReadLink(path);
                        break;
                }

                volume.GetXattr(path, "user.x");
            }
        }
    }

    private static string Read(EvidenceVolume volume, string path)
    {
        using var stream = volume.OpenRead(Encoding.UTF8.GetBytes(path));
        return new StreamReader(stream).ReadToEnd();
    }

    private static int FindHeader(byte[] archive, string name)
    {
        for (var offset = 0; offset + 512 <= archive.Length; offset += 512)
        {
            if (archive.AsSpan(offset, name.Length).SequenceEqual(Encoding.ASCII.GetBytes(name)) && archive[offset + name.Length] == 0)
            {
                return offset;
            }
        }

        throw new InvalidOperationException($"no header for {name}");
    }
}
