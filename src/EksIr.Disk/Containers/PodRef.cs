namespace EksIr.Disk.Containers;

/// <summary>The Kubernetes pod a container belongs to, from the CRI labels io.kubernetes.pod.{name,namespace,uid}.</summary>
public sealed record PodRef(string? Name, string? Namespace, string? Uid)
{
    public const string NameLabel = "io.kubernetes.pod.name";
    public const string NamespaceLabel = "io.kubernetes.pod.namespace";
    public const string UidLabel = "io.kubernetes.pod.uid";
    public const string ContainerNameLabel = "io.kubernetes.container.name";

    public static PodRef? FromLabels(IReadOnlyDictionary<string, string> labels)
    {
        labels.TryGetValue(NameLabel, out var name);
        labels.TryGetValue(NamespaceLabel, out var ns);
        labels.TryGetValue(UidLabel, out var uid);
        return name is null && ns is null && uid is null ? null : new PodRef(name, ns, uid);
    }
}
