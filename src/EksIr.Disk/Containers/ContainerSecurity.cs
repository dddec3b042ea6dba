namespace EksIr.Disk.Containers;

/// <summary>
/// What a container could reach beyond itself: privileged, host network/PID/IPC namespaces, added capabilities,
/// mounts (host source → container path), and the command it ran. Null where the disk does not say.
/// </summary>
public sealed record ContainerSecurity(
    bool? Privileged,
    bool? HostNetwork,
    bool? HostPid,
    bool? HostIpc,
    IReadOnlyList<string> CapabilitiesAdded,
    IReadOnlyList<ContainerMount> Mounts,
    IReadOnlyList<string> Command)
{
    public static ContainerSecurity Unknown { get; } = new(null, null, null, null, [], [], []);

    /// <summary>Short notes for tables: "privileged", "host PID", "mounts /var/run/docker.sock", … (not the mounts every pod gets).</summary>
    public IReadOnlyList<string> Notes() =>
    [
        .. Privileged == true ? ["privileged"] : Array.Empty<string>(),
        .. HostNetwork == true ? ["host network"] : Array.Empty<string>(),
        .. HostPid == true ? ["host PID"] : Array.Empty<string>(),
        .. HostIpc == true ? ["host IPC"] : Array.Empty<string>(),
        .. CapabilitiesAdded.Select(c => "+" + c),
        .. Mounts.Where(m => m.Source.StartsWith('/') && m.Origin != KubeletMounts.KubeletDefault).Select(m => $"mounts {m.Source}{(m.ReadOnly ? " (ro)" : "")}"),
    ];
}

/// <summary>A bind mount: host source → container path; <see cref="Origin"/> is <see cref="KubeletMounts"/>'s "kubelet default", "pod volume", "docker volume" or "host path".</summary>
public sealed record ContainerMount(string Source, string Destination, bool ReadOnly)
{
    public string? Origin { get; } = KubeletMounts.Origin(Source, Destination);
}
