using System.Security.Cryptography;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Logs;
using EksIr.Disk.Containers.Overlay;
using EksIr.Disk.Containers.Timeline;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.FileSystems;

/// <summary>
/// A node's files collected as a tar (GNU tar, pax format with xattrs, as an acquisition script makes it) read in
/// place: every disk verb must give what it gives on the node folder itself — whiteout devices, setuid bits,
/// owners, nanosecond times and links come from the archive's headers, with no root and no extraction.
/// </summary>
[Collection(ContainerdNodeCollection.Name)]
public sealed class NodeArchiveTests(ContainerdNode node) : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<string> Archive(string name, params string[] extra)
    {
        var path = _temp.Combine(name);
        var result = await ProcessRun.RunAsync("tar", ["--format=pax", "--xattrs", "--xattrs-include=*", "--numeric-owner", .. extra, "-C", node.Root, "-cf", path, "."], _temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        return path;
    }

    [ContainerdFact]
    public async Task Every_disk_verb_gives_the_same_answer_on_the_archive_as_on_the_folder()
    {
        var before = EvidenceTree.Hash(node.Root);
        var folder = new EvidenceRoot(node.Root);
        foreach (var archivePath in new[] { await Archive("node.tar"), await Archive("node.tar.gz", "-z") })
        {
            var archive = EvidenceRoot.Open(archivePath);
            Assert.Empty(archive.Problems);

            Assert.Equal(Json(NodeContainers.List(folder)), Json(NodeContainers.List(archive)));
            Assert.Equal(Json(NodeImages.List(folder)), Json(NodeImages.List(archive)));
            Assert.Equal(Json(NodeStatus.Of(folder)), Json(NodeStatus.Of(archive)));

            var (_, folderFs) = ContainerFilesystems.Open(folder, "sysdiag");
            var (_, archiveFs) = ContainerFilesystems.Open(archive, "sysdiag");
            Assert.Equal(Changes(folderFs), Changes(archiveFs));
            Assert.Contains("D /var/www/index.html", Changes(archiveFs)); // a 0/0 character device in the archive
            Assert.Equal(0x800, archiveFs.Lookup("/tmp/.x/sh")!.Status.Mode & 0x800);
            Assert.Equal(Listing(folderFs), Listing(archiveFs));
            Assert.Equal(Sha(folderFs, "/tmp/.x/sh"), Sha(archiveFs, "/tmp/.x/sh"));
            Assert.Equal(Sha(folderFs, "/bin/sh"), Sha(archiveFs, "/bin/sh")); // a link to busybox in the image layer

            // Times keep their nanoseconds; the archive keeps m, a and c times but no birth time.
            var folderTimeline = ContainerTimeline.Of(folder, "sysdiag").Entries;
            var archiveTimeline = ContainerTimeline.Of(archive, "sysdiag").Entries;
            Assert.Equal(folderTimeline.Select(e => (e.Path, e.Change, e.Status.ModifyTime, e.Status.ChangeTime, e.Status.AccessTime, e.Status.Mode)),
                archiveTimeline.Select(e => (e.Path, e.Change, e.Status.ModifyTime, e.Status.ChangeTime, e.Status.AccessTime, e.Status.Mode)));
            Assert.Contains(archiveTimeline, e => e.Status.ModifyTime.Nanoseconds != 0);
            Assert.All(archiveTimeline, e => Assert.Null(e.Status.BirthTime));

            var problems = new List<EvidenceProblem>();
            Assert.Equal(NodeLogs.Stream(folder, "sysdiag", []).Select(l => l.ToString()), NodeLogs.Stream(archive, "sysdiag", problems).Select(l => l.ToString()));
            Assert.Empty(problems);
        }

        Assert.Equal(before, EvidenceTree.Hash(node.Root));
    }

    [ContainerdFact]
    public async Task Reads_inside_an_archive_are_journaled_under_the_archive_and_the_archive_is_hashed_whole()
    {
        var evidence = _temp.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var archivePath = await Archive("evidence/node.tar.gz", "-z");
        var log = new EvidenceReadLog();
        var case_ = new EvidenceRoot(evidence, log);

        var nodeRoot = case_.Subroot("node.tar.gz");
        var (_, fs) = ContainerFilesystems.Open(nodeRoot, "sysdiag");
        using (var stream = fs.OpenRead("/etc/sysdiag.conf"))
        {
            stream.CopyTo(Stream.Null);
        }

        var reads = log.Drain();
        var whole = Assert.Single(reads, r => r.Path == "node.tar.gz");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(archivePath))), whole.Sha256);
        Assert.Contains(reads, r => r.Path == "node.tar.gz!/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db" && r.Sha256 is not null);
        var conf = Assert.Single(reads, r => r.Path.EndsWith("/fs/etc/sysdiag.conf", StringComparison.Ordinal));
        Assert.StartsWith("node.tar.gz!/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/", conf.Path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("debug=true\nupload=http://203.0.113.50/drop\n"u8)), conf.Sha256);
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static string[] Changes(OverlayFilesystem fs) => OverlayDiff.Changes(fs).Select(c => $"{c.Change} {c.Path}").ToArray();

    private static string[] Listing(OverlayFilesystem fs) =>
        fs.Walk("/").Select(e => $"{e.DisplayPath} {e.Status.ModeString()} {e.Status.Uid}:{e.Status.Gid} {(e.Status.Kind == Core.FileSystems.FileKind.File ? e.Status.Size : 0)} {e.Status.ModifyTime} {e.DisplayLinkTarget} {fs.Layers[e.LayerIndex].Id}").ToArray();

    private static string Sha(OverlayFilesystem fs, string path)
    {
        using var stream = fs.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    [ContainerdFact]
    public async Task A_second_verb_of_a_case_on_the_same_archive_reuses_its_index_another_case_and_a_changed_archive_read_it_again()
    {
        var evidence = _temp.Combine("evidence");
        Directory.CreateDirectory(evidence);
        var archivePath = await Archive("evidence/node.tar");
        var log = new EvidenceReadLog();
        var root = new EvidenceRoot(evidence, log);

        var first = root.Subroot("node.tar");
        var firstReads = log.Drain();
        var second = root.Subroot("node.tar");
        var secondReads = log.Drain();
        File.SetLastWriteTimeUtc(archivePath, DateTime.UtcNow.AddMinutes(-5));
        var third = root.Subroot("node.tar");

        Assert.Contains(firstReads, r => r.Path == "node.tar" && r.Sha256 is not null);
        Assert.Same(first.Volume, second.Volume);
        Assert.Empty(secondReads);
        Assert.NotSame(first.Volume, third.Volume);
        Assert.Contains(log.Drain(), r => r.Path == "node.tar");
        Assert.Equal(Json(NodeContainers.List(first)), Json(NodeContainers.List(second)));

        var otherCase = new EvidenceReadLog();
        _ = new EvidenceRoot(evidence, otherCase).Subroot("node.tar");
        Assert.Contains(otherCase.Drain(), r => r.Path == "node.tar" && r.Sha256 is not null); // another case hashes it for its own journal
    }
}
