using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Containerd;
using EksIr.Core.Evidence;
using EksIr.Core.Tests.Bolt;
using EksIr.Tests;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// meta.db's schema is the bucket <c>v1</c> and its minor version <c>v1/version</c> (binary.PutVarint), one per
/// migration in containerd's core/metadata/migrations.go: 1–3 in containerd 1.x, 4 in 2.x. A schema or version this
/// reader does not know is named, and what can be read still is.
/// </summary>
public sealed class ContainerdSchemaVersionTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private EvidenceRoot Node(BoltFileBuilder builder)
    {
        _temp.Write(ContainerdPaths.MetaDb, "");
        File.WriteAllBytes(_temp.Combine(ContainerdPaths.MetaDb), builder.Build());
        return new EvidenceRoot(_temp.Path);
    }

    private static BoltFileBuilder WithContainer(byte[] version)
    {
        var builder = new BoltFileBuilder();
        var v1 = builder.Root.Sub("v1");
        v1.Put("version", version);
        v1.Sub("k8s.io").Sub("containers").Sub("web").Put("image", "docker.io/library/nginx:1.27");
        return builder;
    }

    [Theory]
    [InlineData(new byte[] { 0x06 }, null)] // 3: containerd 1.x
    [InlineData(new byte[] { 0x08 }, null)] // 4: containerd 2.x
    [InlineData(new byte[] { 0x0a }, "schema v1 version 5 is not one this reader knows")]
    [InlineData(new byte[] { 0x80 }, "schema v1 an unreadable version (80) is not one this reader knows")]
    public void A_schema_version_newer_than_containerd_2_or_unreadable_is_named_and_the_containers_still_listed(byte[] version, string? named)
    {
        var listing = NodeContainers.List(Node(WithContainer(version)));

        Assert.Equal(["web"], listing.Containers.Select(c => c.Id));
        if (named is null)
        {
            Assert.Empty(listing.Problems);
        }
        else
        {
            var problem = Assert.Single(listing.Problems);
            Assert.Equal((ContainerdPaths.MetaDb, "v1/version"), (problem.File, problem.Where));
            Assert.StartsWith(named, problem.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_metadata_store_with_no_v1_schema_bucket_is_named_not_listed_as_empty()
    {
        var builder = new BoltFileBuilder();
        builder.Root.Sub("v2").Sub("k8s.io").Sub("containers").Sub("web").Put("image", "docker.io/library/nginx:1.27");

        var listing = NodeContainers.List(Node(builder));

        Assert.Empty(listing.Containers);
        var problem = Assert.Single(listing.Problems);
        Assert.Equal("no schema bucket v1 (top-level buckets: v2): a metadata schema this reader does not know; nothing is listed from it", problem.Problem);
    }
}
