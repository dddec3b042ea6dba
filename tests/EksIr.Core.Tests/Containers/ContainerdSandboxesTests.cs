using System.Buffers.Binary;
using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Core.Tests.Bolt;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// containerd's sandbox API records pod sandboxes in meta.db's <c>&lt;ns&gt;/sandboxes</c> bucket — top level in 1.7
/// (createSandboxBucket), moved under v1 by schema version 4's migrateSandboxes (2.x); Debian's containerd 1.6 here
/// writes neither, so the database is built to that layout.
/// </summary>
public sealed class ContainerdSandboxesTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_pod_known_only_to_the_sandbox_api_is_listed_as_its_sandbox_and_a_duplicate_is_not()
    {
        var builder = new BoltFileBuilder();
        var ns = builder.Root.Sub("v1").Sub("k8s.io");
        var onlyHere = builder.Root.Sub("k8s.io").Sub("sandboxes").Sub("a1b2c3d4e5f6"); // containerd 1.7: top-level namespace bucket
        onlyHere.Put("createdat", GoTime(1_795_933_410, 972_527_172)).Put("updatedat", GoTime(1_795_933_411, 0));
        onlyHere.Sub("labels").Put("io.kubernetes.pod.name", "sysdiag").Put("io.kubernetes.pod.namespace", "default")
            .Put("io.kubernetes.pod.uid", "3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b");
        onlyHere.Sub("runtime").Put("name", "io.containerd.runc.v2");
        ns.Sub("sandboxes").Sub("5d9a0b7c1e2f").Sub("labels").Put("io.kubernetes.pod.name", "web");
        var pause = ns.Sub("containers").Sub("5d9a0b7c1e2f");
        pause.Put("image", "registry.k8s.io/pause:3.9");
        pause.Sub("labels").Put("io.cri-containerd.kind", "sandbox").Put("io.kubernetes.pod.name", "web");
        _temp.Write("node/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db", "");
        File.WriteAllBytes(_temp.Combine("node", "var", "lib", "containerd", "io.containerd.metadata.v1.bolt", "meta.db"), builder.Build());

        var listing = NodeContainers.List(new EvidenceRoot(_temp.Combine("node")));

        Assert.Equal(["5d9a0b7c1e2f", "a1b2c3d4e5f6"], listing.Containers.Select(c => c.Id).Order(StringComparer.Ordinal));
        var sandbox = Assert.Single(listing.Containers, c => c.Id == "a1b2c3d4e5f6");
        Assert.Equal(("sandbox", "sysdiag", "default"), (sandbox.Kind, sandbox.Pod!.Name, sandbox.Pod.Namespace));
        Assert.Equal("2026-11-29T06:23:30.972527172Z", sandbox.CreatedAt.ToString());
        Assert.Equal("io.containerd.runc.v2", sandbox.RuntimeName);
        Assert.Equal("registry.k8s.io/pause:3.9", listing.Containers.Single(c => c.Id == "5d9a0b7c1e2f").Image); // the container, not its sandbox record
    }

    /// <summary>Go's time.MarshalBinary (version 1, UTC): seconds since year 1, nanoseconds, offset -1.</summary>
    private static byte[] GoTime(long unixSeconds, int nanos)
    {
        var bytes = new byte[15];
        bytes[0] = 1;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), unixSeconds + 62_135_596_800);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(9), nanos);
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(13), -1);
        return bytes;
    }
}
