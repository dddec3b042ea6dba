using EksIr.Core.Evidence;

namespace EksIr.Cloud.Volumes;

/// <summary>
/// How to mount one attached volume read-only: the block device it is on the analysis instance (null when not found),
/// the exact shell lines (blockdev --setro, mkdir -p, mount -o ro,…) in the order to run them, and what cannot be
/// mounted safely and why.
/// </summary>
public sealed record VolumeMounts(string VolumeId, string Device, string? Disk, IReadOnlyList<string> Lines, IReadOnlyList<EvidenceProblem> Problems);
