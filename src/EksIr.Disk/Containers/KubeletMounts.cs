using System.Text.RegularExpressions;

namespace EksIr.Disk.Containers;

/// <summary>
/// The mounts every Kubernetes container gets whatever its pod spec says, told apart from those the spec asked for.
/// kubelet (pkg/kubelet/kubelet_pods.go, makeMounts) adds <c>/etc/hosts</c> from <c>/var/lib/kubelet/pods/&lt;uid&gt;/etc-hosts</c>
/// and the termination log from <c>/var/lib/kubelet/pods/&lt;uid&gt;/containers/&lt;name&gt;/&lt;id&gt;</c>; the ServiceAccount
/// admission plugin adds the <c>kube-api-access-&lt;suffix&gt;</c> projected volume at
/// <c>/var/run/secrets/kubernetes.io/serviceaccount</c> (<c>&lt;sa&gt;-token-&lt;suffix&gt;</c> secret volumes before 1.22);
/// containerd's CRI plugin (pkg/cri/server/container_create_linux.go) adds the sandbox's <c>hostname</c>, <c>hosts</c> and
/// <c>resolv.conf</c> and its <c>/dev/shm</c>. Other volumes kubelet prepared under <c>/var/lib/kubelet/pods/&lt;uid&gt;/volumes/</c>
/// (emptyDir, configMap, secret, projected, persistent volumes) are the pod spec's; a Docker volume of the local driver
/// is its folder <c>/var/lib/docker/volumes/&lt;name&gt;/_data</c>; anything else is a host path.
/// </summary>
public static partial class KubeletMounts
{
    public const string KubeletDefault = "kubelet default";
    public const string PodVolume = "pod volume";
    public const string HostPath = "host path";
    public const string DockerVolume = "docker volume";

    [GeneratedRegex(@"^/var/lib/kubelet/pods/[^/]+/(etc-hosts|containers/[^/]+/[^/]+)$")]
    private static partial Regex KubeletFile();

    [GeneratedRegex(@"^/var/lib/kubelet/pods/[^/]+/volumes/kubernetes\.io~(projected/kube-api-access-[a-z0-9]+|secret/[a-z0-9.-]+-token-[a-z0-9]+)$")]
    private static partial Regex ServiceAccountToken();

    [GeneratedRegex(@"^(/var/lib/containerd/io\.containerd\.grpc\.v1\.cri/sandboxes/[^/]+/(hostname|hosts|resolv\.conf)|/run/containerd/io\.containerd\.grpc\.v1\.cri/sandboxes/[^/]+/shm)$")]
    private static partial Regex CriSandboxFile();

    [GeneratedRegex(@"^/var/lib/kubelet/pods/[^/]+/volumes/")]
    private static partial Regex KubeletVolume();

    [GeneratedRegex(@"^/var/lib/docker/volumes/[^/]+/_data$")]
    private static partial Regex DockerVolumeData();

    /// <summary>Where a bind mount comes from: kubelet default, pod volume, docker volume, or host path (null when the source is not a path).</summary>
    public static string? Origin(string source, string destination) =>
        !source.StartsWith('/') ? null
        : KubeletFile().IsMatch(source) || CriSandboxFile().IsMatch(source) ? KubeletDefault
        : ServiceAccountToken().IsMatch(source) && destination == "/var/run/secrets/kubernetes.io/serviceaccount" ? KubeletDefault
        : KubeletVolume().IsMatch(source) ? PodVolume
        : DockerVolumeData().IsMatch(source) ? DockerVolume
        : HostPath;
}
