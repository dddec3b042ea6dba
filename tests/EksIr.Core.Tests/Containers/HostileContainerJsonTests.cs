using System.Buffers.Binary;
using System.Text;
using CsCheck;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Containerd;
using EksIr.Core.Evidence;
using EksIr.Core.Tests.Bolt;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// Container records whose JSON holds bytes that are not UTF-8 — Docker's config.v2.json and hostconfig.json, and the
/// OCI spec containerd keeps in meta.db — are listed with U+FFFD where the bytes were, and the bytes are said with the
/// file and offset; no such byte crashes the listing.
/// </summary>
public sealed class HostileContainerJsonTests : IDisposable
{
    private const string WebId = "4b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";
    private const string BatchId = "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private const string AppId = "8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f";

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>ASCII text with raw bytes written as \u0080-\u00FF (each char one byte).</summary>
    private static byte[] Raw(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>A config.v2.json as dockerd 26 writes it, cut to the fields read here.</summary>
    private static string DockerConfig(string id, string name, string labelKey) =>
        $$$"""
        {"StreamConfig":{},"State":{"Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":4711,"ExitCode":0,"Error":"","StartedAt":"2026-11-29T06:20:01.113407218Z","FinishedAt":"0001-01-01T00:00:00Z"},"ID":"{{{id}}}","Created":"2026-11-29T06:20:00.902114771Z","Path":"/bin/sh","Args":["-c","sleep 86400"],"Config":{"Hostname":"web","Image":"registry.example/web:1.0","Labels":{"{{{labelKey}}}":"shop-7d9f","io.kubernetes.pod.namespace":"default"}},"Image":"sha256:0d2f3c4b5a6978877665544332211009f8e7d6c5b4a3928170f6e5d4c3b2a19","Name":"/{{{name}}}","Driver":"overlay2","MountPoints":{}}
        """;

    [Fact]
    public void A_docker_config_with_bytes_that_are_not_utf8_lists_the_container_with_U_FFFD_and_names_the_file_and_byte()
    {
        var web = Raw(DockerConfig(WebId, "we\u00FFb", "io.kubernetes.pod.na\u0080me"));
        var batch = Raw(DockerConfig(BatchId, "batch", "io.kubernetes.pod.name"));
        WriteFile($"node/var/lib/docker/containers/{WebId}/config.v2.json", web);
        WriteFile($"node/var/lib/docker/containers/{WebId}/hostconfig.json", Raw("{\"Privileged\":true,\"Binds\":[\"/var/log:/host/\u00E2\u0082log:ro\"],\"PidMode\":\"host\"}"));
        WriteFile($"node/var/lib/docker/containers/{BatchId}/config.v2.json", batch);

        var listing = NodeContainers.List(new EvidenceRoot(_temp.Combine("node")));

        Assert.Equal(["batch", "we\uFFFDb"], listing.Containers.Select(c => c.Name).Order(StringComparer.Ordinal));
        var spoilt = Assert.Single(listing.Containers, c => c.Id == WebId);
        Assert.Equal("shop-7d9f", spoilt.Labels["io.kubernetes.pod.na\uFFFDme"]);
        Assert.True(spoilt.Security.Privileged);
        Assert.True(spoilt.Security.HostPid);
        Assert.Equal(new EvidenceProblem($"var/lib/docker/containers/{WebId}/config.v2.json", $"byte {web.AsSpan().IndexOf((byte)0x80)}",
            "2 bytes that are not UTF-8 replaced with U+FFFD (the first here); everything else read as written"), listing.Problems[0]);
        Assert.Equal(2, listing.Problems.Count);
        Assert.Equal($"var/lib/docker/containers/{WebId}/hostconfig.json", listing.Problems[1].File);
    }

    [Fact]
    public void A_containerd_spec_with_bytes_that_are_not_utf8_still_gives_the_containers_security_and_names_the_record()
    {
        var spec = Raw("{\"ociVersion\":\"1.1.0\",\"process\":{\"args\":[\"/bin/sh\",\"-c\",\"sleep 86400 # \u00C0\u00AF\"],\"capabilities\":{\"bounding\":[\"CAP_CHOWN\",\"CAP_SYS_ADMIN\"]}}," +
                       "\"linux\":{\"names\u00FFpaces\":[],\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"ipc\"},{\"type\":\"uts\"},{\"type\":\"mount\"}]}}");
        var node = MetaDb(spec);

        var listing = NodeContainers.List(new EvidenceRoot(node));

        var app = Assert.Single(listing.Containers);
        Assert.True(app.Security.Privileged); // CAP_SYS_ADMIN and no masked paths
        Assert.True(app.Security.HostNetwork); // no network namespace of its own
        Assert.False(app.Security.HostPid);
        Assert.Equal(["/bin/sh", "-c", "sleep 86400 # \uFFFD\uFFFD"], app.Security.Command);
        var problem = Assert.Single(listing.Problems);
        Assert.Equal((ContainerdPaths.MetaDb, $"v1/k8s.io/containers/{AppId}/spec (spec JSON), byte {spec.AsSpan().IndexOf((byte)0xC0)}"), (problem.File, problem.Where));
        Assert.StartsWith("3 bytes that are not UTF-8 replaced with U+FFFD", problem.Problem);
    }

    [Fact]
    public void Any_hostile_bytes_in_a_containerd_spec_or_a_docker_config_never_crash_the_listing()
    {
        var spec = Raw("""{"ociVersion":"1.1.0","process":{"args":["/bin/sh"],"capabilities":{"bounding":["CAP_SYS_ADMIN"]}},"linux":{"maskedPaths":["/proc/kcore"],"namespaces":[{"type":"pid"}]},"mounts":[{"destination":"/host","type":"bind","source":"/","options":["rbind","ro"]}]}""");
        var config = Raw(DockerConfig(WebId, "web", "io.kubernetes.pod.name"));
        byte[][] hostile = [[0xFF], [0x80], [0xE2, 0x82], [0xF0, 0x9F], "\\ud800"u8.ToArray(), "\""u8.ToArray(), "["u8.ToArray()];
        Gen.Int[0, 400].Array[1, 5].Select(Gen.Int[0, hostile.Length - 1].Array[5], Gen.Bool).Sample((positions, which, docker) =>
        {
            var bytes = (docker ? config : spec).ToList();
            foreach (var (at, i) in positions.Select(p => Math.Min(p, bytes.Count)).OrderDescending().Zip(which))
            {
                bytes.InsertRange(at, hostile[i]);
            }

            using var temp = new TempDir();
            var node = docker ? temp.Combine("node") : MetaDb([.. bytes], temp);
            if (docker)
            {
                Directory.CreateDirectory(Path.Combine(node, "var", "lib", "docker", "containers", WebId));
                File.WriteAllBytes(Path.Combine(node, "var", "lib", "docker", "containers", WebId, "config.v2.json"), [.. bytes]);
            }

            var listing = NodeContainers.List(new EvidenceRoot(node));
            Assert.All(listing.Problems, p => Assert.True(p.File.EndsWith("config.v2.json", StringComparison.Ordinal) || p.File == ContainerdPaths.MetaDb, p.ToString()));
        }, iter: 400);
    }

    private void WriteFile(string relative, byte[] bytes)
    {
        var path = _temp.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A node whose meta.db holds one container with this OCI spec JSON (in a protobuf Any, as containerd stores it).</summary>
    private string MetaDb(byte[] specJson, TempDir? temp = null)
    {
        var builder = new BoltFileBuilder();
        var container = builder.Root.Sub("v1").Sub("k8s.io").Sub("containers").Sub(AppId);
        container.Put("image", "registry.example/sysdiag:1.0").Put("snapshotter", "overlayfs").Put("snapshotKey", AppId);
        container.Put("createdat", GoTime(1_795_933_410)).Put("updatedat", GoTime(1_795_933_411));
        container.Sub("labels").Put("io.kubernetes.pod.name", "sysdiag").Put("io.cri-containerd.kind", "container");
        container.Put("spec", Any("types.containerd.io/opencontainers/runtime-spec/1/Spec", specJson));
        var node = (temp ?? _temp).Combine("node");
        var file = Path.Combine(node, "var", "lib", "containerd", "io.containerd.metadata.v1.bolt", "meta.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, builder.Build());
        return node;
    }

    /// <summary>google.protobuf.Any on the wire: field 1 (type_url) and field 2 (value), both length-delimited.</summary>
    private static byte[] Any(string typeUrl, byte[] value) =>
        [0x0A, .. Varint(typeUrl.Length), .. Encoding.ASCII.GetBytes(typeUrl), 0x12, .. Varint(value.Length), .. value];

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);

        return [.. bytes];
    }

    /// <summary>Go's time.MarshalBinary (version 1, UTC): seconds since year 1, nanoseconds, offset -1.</summary>
    private static byte[] GoTime(long unixSeconds)
    {
        var bytes = new byte[15];
        bytes[0] = 1;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), unixSeconds + 62_135_596_800);
        BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(13), -1);
        return bytes;
    }
}
