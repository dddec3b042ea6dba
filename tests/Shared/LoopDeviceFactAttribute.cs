namespace EksIr.Tests;

/// <summary>A test that builds a disk image, attaches it as a loop device with its partitions, makes a filesystem and mounts it:
/// needs root, loop devices and util-linux's tools, fdisk's sfdisk and the filesystem's mkfs; skipped with the reason where
/// one is missing.</summary>
public sealed class LoopDeviceFactAttribute : FactAttribute
{
    public LoopDeviceFactAttribute(string mkfs, string package) => Skip = MissingReason(mkfs, package);

    public static string? MissingReason(string mkfs, string package)
    {
        if (Environment.UserName != "root")
        {
            return "needs root to attach loop devices and mount them";
        }

        if (!File.Exists("/dev/loop-control"))
        {
            return "no loop devices here (/dev/loop-control)";
        }

        var missing = new[] { "losetup", "partx", "blockdev", "lsblk", "blkid", "mount", "umount", "sfdisk", mkfs }.Where(p => ProcessRun.Which(p) is null).ToArray();
        return missing.Length == 0 ? null : $"missing {string.Join(", ", missing)} (apt-get install util-linux mount fdisk {package})";
    }
}
