using System.Security.Cryptography;
using System.Text;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Core.Reporting;
using EksIr.Reporting;
using EksIr.Core.Tests.Bolt;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// Where an image came from, judged by the labels of its manifest's content record in meta.db
/// (<c>v1/&lt;ns&gt;/content/blob/&lt;digest&gt;/labels</c>). containerd's pull labels every blob it fetches
/// <c>containerd.io/distribution.source.&lt;registry host&gt;=&lt;repository&gt;</c> (core/remotes/docker/handler.go,
/// AppendDistributionSourceLabel, since 1.4); an import labels the manifest only with its garbage-collection references
/// (<c>containerd.io/gc.ref.content.*</c>, as the real ctr import in sample-data/generators/containerd-node.sh shows); a
/// record without labels — or none at all — says neither.
/// </summary>
public sealed class ContainerdImageOriginTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_image_is_pulled_imported_or_of_unknown_origin_by_its_manifest_labels()
    {
        var builder = new BoltFileBuilder();
        var ns = builder.Root.Sub("v1").Sub("k8s.io");
        var pulled = Image(ns, "registry.example/pulled:1", "pulled");
        ns.Sub("content").Sub("blob").Sub(pulled).Sub("labels")
            .Put("containerd.io/distribution.source.registry.example", "pulled")
            .Put("containerd.io/gc.ref.content.config", "sha256:00");
        var imported = Image(ns, "registry.example/imported:1", "imported");
        ns.Sub("content").Sub("blob").Sub(imported).Sub("labels").Put("containerd.io/gc.ref.content.config", "sha256:00");
        var bare = Image(ns, "registry.example/bare:1", "bare");
        ns.Sub("content").Sub("blob").Sub(bare).Put("size", [0x02]); // a record, no labels bucket
        Image(ns, "registry.example/unrecorded:1", "unrecorded"); // no content record at all
        File.WriteAllBytes(_temp.Write("node/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", ""), builder.Build());

        var listing = NodeImages.List(new EvidenceRoot(_temp.Combine("node")));

        bool? Origin(string name) => listing.Images.Single(i => i.Names.Contains(name)).BuiltOnNode;
        Assert.False(Origin("registry.example/pulled:1"));
        Assert.True(Origin("registry.example/imported:1"));
        Assert.Null(Origin("registry.example/bare:1"));
        Assert.Null(Origin("registry.example/unrecorded:1"));
        Assert.Contains("origin unknown", ImageViews.Notes(listing.Images.Single(i => i.Names.Contains("registry.example/bare:1"))));
        Assert.StartsWith("4 images, 1 not from a registry", ImageViews.Summary(listing));
        Assert.Empty(listing.Problems);
    }

    /// <summary>An image record whose manifest and config blobs are in the content store; returns the manifest digest.</summary>
    private string Image(BoltFileBuilder.Bucket ns, string name, string tag)
    {
        var config = Blob($$$"""{"architecture":"amd64","os":"linux","created":"2026-11-20T09:00:00Z","config":{"Labels":{"tag":"{{{tag}}}"}},"rootfs":{"type":"layers","diff_ids":[]}}""");
        var manifest = Blob($$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{config}}","size":10},"layers":[]}""");
        var target = ns.Sub("images").Sub(name).Sub("target");
        target.Put("digest", manifest).Put("mediatype", "application/vnd.oci.image.manifest.v1+json").Put("size", [0x10]);
        return manifest;
    }

    private string Blob(string json)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        _temp.Write($"node/var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/{digest[7..]}", json);
        return digest;
    }
}
