using System.Security.Cryptography;
using System.Text;
using EksIr.Core.Evidence;
using EksIr.Tests;

namespace EksIr.Core.Tests.Evidence;

public sealed class EvidenceRootTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly string _root;

    public EvidenceRootTests()
    {
        _root = _temp.Combine("node");
        _temp.Write("node/etc/shadow", "root:evidence-shadow\n");
        _temp.Write("node/var/lib/app/config", "inside\n");
        _temp.Write("host-secret", "HOST SECRET\n");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_walk_stops_at_the_depth_limit_and_says_what_it_did_not_follow()
    {
        _temp.Write("node/deep/top.log", "top\n");
        DeepDirectory.Make(_temp.Combine("node", "deep"), "d", 3000);
        try
        {
            var root = new EvidenceRoot(_root);
            var unreadable = new List<(string Path, string Why)>();

            var files = root.Walk("deep", (path, why) => unreadable.Add((path, why))).Select(e => e.Path).ToList();

            Assert.Equal(["deep/top.log"], files);
            var (shown, reason) = Assert.Single(unreadable);
            Assert.Contains("deeper than 1024 path components", reason);
            Assert.StartsWith("deep/d/d/d/", shown);
        }
        finally
        {
            await ProcessRun.RunAsync("rm", ["-rf", _temp.Combine("node", "deep")], _temp.Path, TimeSpan.FromMinutes(1)); // too deep for Directory.Delete
        }
    }

    [Fact]
    public void An_absolute_link_resolves_inside_the_root_not_on_the_host()
    {
        File.CreateSymbolicLink(_temp.Combine("node", "var", "lib", "app", "shadow-link"), "/etc/shadow");
        var root = new EvidenceRoot(_root);

        Assert.Equal("etc/shadow", root.Resolve("var/lib/app/shadow-link"));
        using var reader = new StreamReader(root.OpenRead("var/lib/app/shadow-link"));
        Assert.Equal("root:evidence-shadow\n", reader.ReadToEnd());
    }

    [Fact]
    public void A_relative_link_climbing_out_of_the_root_stops_at_the_root()
    {
        File.CreateSymbolicLink(_temp.Combine("node", "escape"), "../../../../host-secret");
        var root = new EvidenceRoot(_root);

        Assert.Equal("host-secret", root.Resolve("escape"));
        var error = Assert.Throws<EvidenceAccessException>(() => root.OpenRead("escape"));
        Assert.Contains("host-secret", error.Message);
        Assert.Contains("no such file in the evidence", error.Message);
    }

    [Fact]
    public void Dot_dot_in_the_requested_path_never_leaves_the_root()
    {
        var root = new EvidenceRoot(_root);

        Assert.Equal("etc/shadow", root.Resolve("../../../etc/shadow"));
        Assert.Throws<EvidenceAccessException>(() => root.OpenRead("../host-secret"));
    }

    [Fact]
    public void A_link_to_a_directory_is_followed_inside_the_root()
    {
        Directory.CreateSymbolicLink(_temp.Combine("node", "conf"), "/var/lib/app");
        var root = new EvidenceRoot(_root);

        Assert.Equal("var/lib/app/config", root.Resolve("conf/config"));
    }

    [Fact]
    public void A_symlink_loop_is_reported_not_followed_forever()
    {
        File.CreateSymbolicLink(_temp.Combine("node", "a"), "b");
        File.CreateSymbolicLink(_temp.Combine("node", "b"), "a");
        var root = new EvidenceRoot(_root);

        var error = Assert.Throws<EvidenceAccessException>(() => root.Resolve("a"));
        Assert.Contains("too many levels of symbolic links", error.Message);
        Assert.Equal("a", error.EvidencePath);
    }

    [Fact]
    public void A_whole_read_is_recorded_with_its_sha256()
    {
        var log = new EvidenceReadLog();
        var root = new EvidenceRoot(_root, log);

        using (var stream = root.OpenRead("var/lib/app/config"))
        {
            stream.CopyTo(Stream.Null);
        }

        var read = Assert.Single(log.Drain());
        Assert.Equal("var/lib/app/config", read.Path);
        Assert.Equal(7, read.Size);
        Assert.Equal(7, read.BytesRead);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("inside\n"))), read.Sha256);
        Assert.Empty(log.Drain());
    }

    [Fact]
    public void A_partial_or_seeking_read_is_recorded_without_a_hash()
    {
        var log = new EvidenceReadLog();
        var root = new EvidenceRoot(_root, log);

        using (var stream = root.OpenRead("etc/shadow"))
        {
            stream.ReadExactly(new byte[4]);
        }

        using (var stream = root.OpenRead("etc/shadow"))
        {
            stream.Seek(5, SeekOrigin.Begin);
            stream.CopyTo(Stream.Null);
        }

        var reads = log.Drain();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r => Assert.Null(r.Sha256));
        Assert.Equal(4, reads[0].BytesRead);
    }

    [Fact]
    public void Evidence_streams_refuse_writes_and_leave_the_file_unchanged()
    {
        var path = _temp.Combine("node", "etc", "shadow");
        var before = File.ReadAllBytes(path);
        var root = new EvidenceRoot(_root);

        using (var stream = root.OpenRead("etc/shadow"))
        {
            Assert.False(stream.CanWrite);
            Assert.Throws<NotSupportedException>(() => stream.Write([1, 2, 3], 0, 3));
            Assert.Throws<NotSupportedException>(() => stream.SetLength(0));
        }

        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Opening_a_directory_or_a_missing_root_names_the_path()
    {
        var root = new EvidenceRoot(_root);
        Assert.Contains("etc: is a directory", Assert.Throws<EvidenceAccessException>(() => root.OpenRead("etc")).Message);
        Assert.Contains("does-not-exist", Assert.Throws<EvidenceAccessException>(() => new EvidenceRoot(_temp.Combine("does-not-exist"))).Message);
    }

    [Fact]
    public void Walk_lists_files_and_links_in_order_without_entering_links()
    {
        Directory.CreateSymbolicLink(_temp.Combine("node", "loop"), "/");
        var root = new EvidenceRoot(_root);

        var entries = root.Walk().ToList();

        Assert.Equal(["etc/shadow", "loop", "var/lib/app/config"], entries.Select(e => e.Path));
        Assert.Equal(EvidenceEntryKind.SymbolicLink, entries[1].Kind);
        Assert.Equal("/", entries[1].LinkTarget);
    }

    [Fact]
    public void Reading_evidence_on_a_writable_mount_leaves_access_times_as_they_were()
    {
        var file = _temp.Combine("node", "etc", "shadow");
        var directory = _temp.Combine("node", "var", "lib", "app");
        var old = DateTime.UtcNow.AddDays(-3); // older than a day: relatime would update it on the next read
        File.SetLastAccessTimeUtc(file, old);
        Directory.SetLastAccessTimeUtc(directory, old);
        var root = new EvidenceRoot(_root);

        using (var stream = root.OpenRead("etc/shadow"))
        {
            stream.CopyTo(Stream.Null);
        }

        _ = root.Walk("var/lib/app").ToList();

        Assert.Equal(old, File.GetLastAccessTimeUtc(file)); // O_NOATIME: the test owns the file
        Assert.Equal(old, Directory.GetLastAccessTimeUtc(directory));
    }
}
