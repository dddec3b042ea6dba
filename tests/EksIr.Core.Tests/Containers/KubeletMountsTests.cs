using EksIr.Core.Evidence;
using System.Text;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Containerd;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// The mounts of a pod's container as containerd's CRI plugin writes them into the OCI spec: kubelet's (pkg/kubelet/
/// kubelet_pods.go makeMounts: etc-hosts, the termination log under containers/&lt;name&gt;/&lt;id&gt;, the kube-api-access
/// projected volume the ServiceAccount admission plugin adds) and the CRI plugin's own (pkg/cri/server/
/// container_create_linux.go: the sandbox's hostname, resolv.conf and /dev/shm), beside what the pod spec asked for.
/// </summary>
public sealed class KubeletMountsTests
{
    private const string Pod = "/var/lib/kubelet/pods/3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b";
    private const string Sandbox = "5d9a0b7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b";

    [Fact]
    public void Mounts_every_pod_gets_are_kubelet_defaults_and_only_the_pod_specs_reach_is_noted()
    {
        var spec = $$"""
        {"ociVersion":"1.0.2-dev","process":{"args":["/bin/sh"]},"mounts":[
          {"destination":"/proc","type":"proc","source":"proc","options":["nosuid","noexec","nodev"]},
          {"destination":"/etc/hosts","type":"bind","source":"{{Pod}}/etc-hosts","options":["rbind","rprivate","rw"]},
          {"destination":"/dev/termination-log","type":"bind","source":"{{Pod}}/containers/sysdiag/8a1c2f3e","options":["rbind","rprivate","rw"]},
          {"destination":"/etc/hostname","type":"bind","source":"/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{{Sandbox}}/hostname","options":["rbind","rprivate","rw"]},
          {"destination":"/etc/resolv.conf","type":"bind","source":"/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/{{Sandbox}}/resolv.conf","options":["rbind","rprivate","rw"]},
          {"destination":"/dev/shm","type":"bind","source":"/run/containerd/io.containerd.grpc.v1.cri/sandboxes/{{Sandbox}}/shm","options":["rbind","rprivate","rw"]},
          {"destination":"/var/run/secrets/kubernetes.io/serviceaccount","type":"bind","source":"{{Pod}}/volumes/kubernetes.io~projected/kube-api-access-7xk2p","options":["rbind","rprivate","ro"]},
          {"destination":"/cache","type":"bind","source":"{{Pod}}/volumes/kubernetes.io~empty-dir/cache","options":["rbind","rprivate","rw"]},
          {"destination":"/host","type":"bind","source":"/","options":["rbind","rprivate","ro"]},
          {"destination":"/var/run/secrets/kubernetes.io/serviceaccount","type":"bind","source":"{{Pod}}/volumes/kubernetes.io~secret/kube-api-access-7xk2p","options":["rbind"]}
        ]}
        """;

        var security = OciSpec.TryRead(Any(spec), "meta.db", "spec", new List<EvidenceProblem>())!;

        Assert.Equal(
            [
                ("/etc/hosts", KubeletMounts.KubeletDefault), ("/dev/termination-log", KubeletMounts.KubeletDefault),
                ("/etc/hostname", KubeletMounts.KubeletDefault), ("/etc/resolv.conf", KubeletMounts.KubeletDefault),
                ("/dev/shm", KubeletMounts.KubeletDefault), ("/var/run/secrets/kubernetes.io/serviceaccount", KubeletMounts.KubeletDefault),
                ("/cache", KubeletMounts.PodVolume), ("/host", KubeletMounts.HostPath),
                ("/var/run/secrets/kubernetes.io/serviceaccount", KubeletMounts.PodVolume), // a secret volume the spec named like the token: not the admission plugin's
            ],
            security.Mounts.Select(m => (m.Destination, m.Origin!)));
        Assert.Equal([$"mounts {Pod}/volumes/kubernetes.io~empty-dir/cache", "mounts / (ro)", $"mounts {Pod}/volumes/kubernetes.io~secret/kube-api-access-7xk2p"],
            security.Notes());
    }

    /// <summary>containerd's spec field: a protobuf Any (field 1 the type URL, field 2 the spec's JSON).</summary>
    private static byte[] Any(string json)
    {
        var url = "types.containerd.io/opencontainers/runtime-spec/1/Spec"u8.ToArray();
        var value = Encoding.UTF8.GetBytes(json);
        return [0x0a, (byte)url.Length, .. url, 0x12, .. Varint(value.Length), .. value];
    }

    private static byte[] Varint(int n)
    {
        var bytes = new List<byte>();
        for (; n >= 0x80; n >>= 7)
        {
            bytes.Add((byte)(n | 0x80));
        }

        bytes.Add((byte)n);
        return [.. bytes];
    }
}
