namespace EksIr.Memory;

/// <summary>
/// One process of a merged tree, in tree order: its ids, name and command line (from whichever listing had them),
/// its depth, the container or pod sandbox it belongs to, and what an analyst should look at.
/// </summary>
public sealed record ProcessEntry(int Pid, int? Ppid, string Comm, string? Args, int Depth, long? Uid, string? StartTime,
    ProcessContainer? Container, IReadOnlyList<string> Flags)
{
    /// <summary>For a containerd shim, the id it serves (its -id: the pod sandbox's, or a container's); otherwise null.</summary>
    public string? ShimFor => ContainerAttribution.IsShim(Comm, Args) ? ContainerAttribution.Argument(Args, "-id") : null;
}

/// <summary>
/// The container a process runs in: its id (null when memory alone cannot tell which container of the pod), name,
/// pod (namespace/name), image, kind (sandbox or container), the shim serving it (its -id, the pod sandbox's or the
/// container's, is known only from psaux) and where this was learnt: "disk" (the node's containerd metadata) or
/// "memory" (the shim's -id and the process names alone).
/// </summary>
public sealed record ProcessContainer(string? Id, string? Name, string? Pod, string? Image, string Kind, string? SandboxId, int ShimPid, string Source);
