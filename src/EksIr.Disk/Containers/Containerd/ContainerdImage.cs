using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Containerd;

/// <summary>An image record of containerd's metadata: name (reference), target manifest digest, media type, size.</summary>
public sealed record ContainerdImage(
    string Namespace,
    string Name,
    string? Digest,
    string? MediaType,
    long? Size,
    PreciseTime? CreatedAt,
    PreciseTime? UpdatedAt,
    IReadOnlyDictionary<string, string> Labels);
