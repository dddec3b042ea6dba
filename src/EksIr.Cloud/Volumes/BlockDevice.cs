namespace EksIr.Cloud.Volumes;

/// <summary>
/// A block device as <c>lsblk -J</c> lists it: kernel name, device path, serial (an EBS volume on a Nitro instance is an
/// NVMe disk whose serial is the volume id without its dash), type (disk, part, loop, lvm, …), the filesystem type udev
/// probed (null when it has not), where it is mounted, its size in bytes, and its children (partitions, LVM volumes).
/// </summary>
public sealed record BlockDevice(string Name, string Path, string? Serial, string Type, string? FsType, string? MountPoint, long? Size,
    IReadOnlyList<BlockDevice> Children);
