using System.Buffers.Binary;
using System.Text;
using CsCheck;
using EksIr.Core.Bolt;

namespace EksIr.Core.Tests.Bolt;

public sealed class BoltDatabaseTests
{
    private static BoltFileBuilder ContainerdLike(int maxLeafEntries = 64, bool inline = true)
    {
        var builder = new BoltFileBuilder(maxLeafEntries: maxLeafEntries, inlineSmallBuckets: inline);
        var v1 = builder.Root.Sub("v1");
        v1.Put("version", [3]);
        var containers = v1.Sub("k8s.io").Sub("containers");
        for (var i = 0; i < 40; i++)
        {
            var c = containers.Sub($"c{i:D3}");
            c.Put("image", $"registry.example/app:{i}");
            c.Sub("labels").Put("io.kubernetes.pod.name", $"pod-{i}");
        }

        v1.Sub("k8s.io").Sub("blobs").Put("big", new byte[10_000]);
        return builder;
    }

    /// <summary>Every entry below a bucket, depth first; stops at 20,000 entries so a reader bug cannot hang the test run.</summary>
    private static List<string> Walk(BoltBucket bucket, string prefix = "", List<string>? seen = null)
    {
        seen ??= [];
        foreach (var entry in bucket.Entries())
        {
            if (seen.Count >= 20_000)
            {
                return seen;
            }

            var path = prefix + "/" + entry.KeyText;
            seen.Add(entry.IsBucket ? path + "/" : path + "=" + entry.Value.Length);
            if (entry.IsBucket && bucket.Open(entry) is { } child)
            {
                Walk(child, path, seen);
            }
        }

        return seen;
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(3, true)]
    [InlineData(2, false)]
    public void Nested_inline_and_branched_buckets_and_overflow_values_read_back(int maxLeafEntries, bool inline)
    {
        var db = BoltDatabase.Open(ContainerdLike(maxLeafEntries, inline).Build(), "meta.db");

        var containers = db.Bucket("v1", "k8s.io", "containers")!;
        var ids = containers.Buckets().Select(b => b.Entry.KeyText).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"c{i:D3}"), ids);
        var c7 = containers.Bucket("c007")!;
        Assert.Equal("registry.example/app:7", Encoding.UTF8.GetString(c7.Get("image")!.Value.Span));
        Assert.Equal("pod-7", Encoding.UTF8.GetString(c7.Bucket("labels")!.Get("io.kubernetes.pod.name")!.Value.Span));
        Assert.Equal(10_000, db.Bucket("v1", "k8s.io", "blobs")!.Get("big")!.Value.Length);
        Assert.Equal([3], db.Bucket("v1")!.Get("version")!.Value.ToArray());
        Assert.Null(db.Bucket("v1", "moby"));
        Assert.Empty(db.Problems);
    }

    [Fact]
    public void The_valid_meta_with_the_highest_txid_wins_and_a_broken_one_is_noted()
    {
        var builder = ContainerdLike();
        builder.TxId = 42;
        var file = builder.Build();
        Assert.Equal(42UL, BoltDatabase.Open(file, "meta.db").Meta.TxId);

        file[4096 + 16 + 48] ^= 0xff; // txid of meta page 1 no longer matches its checksum
        var db = BoltDatabase.Open(file, "meta.db");

        Assert.Equal(41UL, db.Meta.TxId);
        Assert.Equal(0, db.Meta.PageId);
        Assert.Equal("meta page 1: checksum mismatch", Assert.Single(db.MetaNotes));
    }

    [Fact]
    public void A_file_with_no_valid_meta_page_is_refused_naming_the_file()
    {
        var file = ContainerdLike().Build();
        file[16] = 0; // magic of meta 0
        file[4096 + 16] = 0; // magic of meta 1

        var error = Assert.Throws<BoltFormatException>(() => BoltDatabase.Open(file, "var/lib/containerd/meta.db"));

        Assert.StartsWith("var/lib/containerd/meta.db: offset 0: no valid meta page: meta page 0: bad magic", error.Message);
    }

    [Fact]
    public void A_branch_page_pointing_at_itself_is_reported_not_followed_forever()
    {
        var builder = ContainerdLike(maxLeafEntries: 3);
        var file = builder.Build();
        var db = BoltDatabase.Open(file, "meta.db");
        var rootPage = (int)db.Meta.RootPage;
        // Make the root page a branch whose first child is the root itself.
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(rootPage * 4096 + 8), 0x01);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(rootPage * 4096 + 16 + 8), (ulong)rootPage);

        var cyclic = BoltDatabase.Open(file, "meta.db");
        _ = Walk(cyclic.Root);

        Assert.Contains(cyclic.Problems, p => p.Problem.Contains("twice (a cycle)"));
    }

    [Fact]
    public void A_nested_bucket_rooted_at_its_own_parent_page_is_reported_as_a_cycle()
    {
        var builder = new BoltFileBuilder(inlineSmallBuckets: false);
        builder.Root.Sub("v1").Sub("k8s.io").Put("x", "1");
        var file = builder.Build();
        var db = BoltDatabase.Open(file, "meta.db");
        var v1 = db.Root.Entries().Single();
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan((int)v1.ValueOffset), db.Meta.RootPage); // v1's root := the root bucket's page

        var cyclic = BoltDatabase.Open(file, "meta.db");
        var seen = Walk(cyclic.Root);

        Assert.Single(seen);
        Assert.Contains(cyclic.Problems, p => p.Problem.Contains("(a cycle)"));
    }

    [Fact]
    public void Every_truncation_of_the_file_is_either_refused_or_read_with_damaged_pages_reported()
    {
        var file = ContainerdLike(maxLeafEntries: 4).Build();
        var whole = Walk(BoltDatabase.Open(file, "meta.db").Root);

        for (var length = 0; length < file.Length; length += 97)
        {
            BoltDatabase db;
            try
            {
                db = BoltDatabase.Open(file.AsMemory(0, length), "meta.db");
            }
            catch (BoltFormatException e)
            {
                Assert.Contains("meta.db", e.Message);
                continue;
            }

            var seen = Walk(db.Root);
            Assert.True(seen.Count == whole.Count || db.Problems.Count > 0, $"truncated to {length}: lost entries silently");
        }
    }

    [Fact]
    public void Random_corruption_never_crashes_the_reader_or_hangs_it()
    {
        var file = ContainerdLike(maxLeafEntries: 5).Build();
        Gen.Int[0, file.Length - 1].Array[1, 12].Select(Gen.Byte.Array[12]).Sample((offsets, values) =>
        {
            var damaged = (byte[])file.Clone();
            for (var i = 0; i < offsets.Length; i++)
            {
                damaged[offsets[i]] = values[i];
            }

            try
            {
                var db = BoltDatabase.Open(damaged, "meta.db");
                Assert.True(Walk(db.Root).Count < 20_000, "the walk ran away: a cycle got through");
            }
            catch (BoltFormatException)
            {
            }
        }, iter: 2000);
    }
}
