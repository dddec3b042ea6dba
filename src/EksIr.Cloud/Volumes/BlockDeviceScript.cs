using EksIr.Cloud.Aws;

namespace EksIr.Cloud.Volumes;

/// <summary>
/// The read-only script run over SSM on the analysis instance to find its block devices: wait for udev to probe what was
/// just attached, then lsblk's tree (NAME, PATH, SERIAL, TYPE, SIZE, FSTYPE, MOUNTPOINT: columns of util-linux 2.33 and
/// later, as on Amazon Linux 2023) and blkid's probe of every device, each after a marker line.
/// </summary>
public static class BlockDeviceScript
{
    private const string LsblkMarker = "eksir-lsblk";
    private const string BlkidMarker = "eksir-blkid";

    public static IReadOnlyList<string> Lines { get; } =
    [
        "udevadm settle --timeout=30 2>/dev/null || true",
        $"echo {LsblkMarker}",
        "lsblk -J -b -o NAME,PATH,SERIAL,TYPE,SIZE,FSTYPE,MOUNTPOINT",
        $"echo {BlkidMarker}",
        "blkid -c /dev/null -o export || true",
    ];

    /// <summary>The listing in the script's output; an <see cref="AwsActionException"/> naming the host when the markers are missing.</summary>
    public static BlockDeviceListing Read(string output, string where)
    {
        var text = output.ReplaceLineEndings("\n");
        var lsblk = text.IndexOf(LsblkMarker + "\n", StringComparison.Ordinal);
        var blkid = text.IndexOf(BlkidMarker + "\n", StringComparison.Ordinal);
        if (lsblk < 0 || blkid < lsblk)
        {
            throw new AwsActionException($"{where}: the block device script's output lacks its {LsblkMarker}/{BlkidMarker} lines: {(text.Length > 300 ? text[..300] + "…" : text.Trim())}");
        }

        var json = text[(lsblk + LsblkMarker.Length + 1)..blkid];
        return BlockDeviceListing.Parse(json, text[(blkid + BlkidMarker.Length + 1)..], where);
    }
}
