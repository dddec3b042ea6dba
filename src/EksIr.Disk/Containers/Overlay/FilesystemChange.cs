using EksIr.Core.FileSystems;

namespace EksIr.Disk.Containers.Overlay;

/// <summary>
/// One change of a container's filesystem against its image, with <c>docker diff</c>'s letters: A added, C changed,
/// D deleted. <see cref="Status"/> is the upper layer's entry (for a deletion: the whiteout itself, or the opaque
/// directory that hid it). <see cref="RuntimeMade"/>: an empty mount point the container runtime made, not the
/// container's own doing (<see cref="RuntimeMadeMountPoints"/>).
/// </summary>
public sealed record FilesystemChange(string Path, char Change, FileStatus? Status, string? LinkTarget, bool RuntimeMade = false);
