using System.Text.RegularExpressions;
using EksIr.Core.Evidence;

namespace EksIr.Cloud.Volumes;

/// <summary>
/// The exact lines that mount each attached volume's filesystems read-only on the analysis instance, from its block
/// devices. A volume is the disk whose serial is its id without the dash (an NVMe EBS disk on Nitro: <c>vol0abc…</c>) or
/// whose name is its device name (<c>/dev/sdf</c> is <c>sdf</c>, or <c>xvdf</c> on Xen). Each partition — the whole disk
/// when it has none — is set read-only at the block layer first (<c>blockdev --setro</c>, the disk too), then mounted so
/// that its journal is not replayed: a read-only mount alone replays it and writes to the evidence. XFS
/// <c>ro,nouuid,norecovery</c> (nouuid: the copy has the same UUID as the node's root, often as the analysis instance's),
/// ext4/ext3 <c>ro,noload</c>; ext2, vfat, iso9660, squashfs and erofs have no journal: <c>ro</c>. Another filesystem gets
/// <c>ro</c> and a problem saying so; LVM, LUKS, RAID members and swap are not mounted, and said.
/// </summary>
public static partial class ReadOnlyMounts
{
    /// <summary>The rule, for a plan that has not looked at the devices yet.</summary>
    public const string Rule =
        "each volume is the disk whose SERIAL is its id without the dash (NVMe on Nitro) or whose name is its device (sdf, xvdf); " +
        "for the disk and each partition (or the unpartitioned disk): blockdev --setro DEV; mkdir -p /mnt/<case>/<volume>/<part>; " +
        "mount -t xfs -o ro,nouuid,norecovery (XFS), -o ro,noload (ext4, ext3), -o ro (ext2, vfat, iso9660, squashfs, erofs: no journal); " +
        "another filesystem: -o ro and a problem (its journal may be replayed); LVM, LUKS, RAID members, swap: not mounted, a problem";

    private static readonly Dictionary<string, string> Options = new(StringComparer.Ordinal)
    {
        ["xfs"] = "ro,nouuid,norecovery",
        ["ext4"] = "ro,noload",
        ["ext3"] = "ro,noload",
        ["ext2"] = "ro",
        ["vfat"] = "ro",
        ["iso9660"] = "ro",
        ["squashfs"] = "ro",
        ["erofs"] = "ro",
    };

    private static readonly Dictionary<string, string> NotMounted = new(StringComparer.Ordinal)
    {
        ["LVM2_member"] = "an LVM physical volume: its logical volumes are not mounted here (activate the volume group by hand, read-only; its names and UUIDs likely clash with the analysis instance's)",
        ["crypto_LUKS"] = "a LUKS-encrypted device: not mounted (open it read-only with its key: cryptsetup open --readonly)",
        ["linux_raid_member"] = "a software RAID member: not mounted (assemble the array read-only by hand: mdadm --assemble --readonly)",
        ["swap"] = "swap space: not a filesystem; it may hold memory pages (image it to search it)",
        ["zfs_member"] = "a ZFS pool member: not mounted (import the pool read-only by hand: zpool import -o readonly=on)",
    };

    /// <summary>For each volume, its device on the host and the lines (or the problems) to mount it read-only under
    /// <paramref name="mountBase"/>/<paramref name="caseId"/>/&lt;volume&gt;/&lt;part&gt;.</summary>
    public static IReadOnlyList<VolumeMounts> For(string caseId, IReadOnlyList<AttachedVolume> volumes, BlockDeviceListing listing, string mountBase = "/mnt")
    {
        if (!SafePath().IsMatch("/dev" + mountBase))
        {
            throw new ArgumentException($"not an absolute folder of letters, digits and . _ - /: {mountBase}", nameof(mountBase));
        }

        var folder = $"{mountBase.TrimEnd('/')}/{SafeName().Replace(caseId, "_")}";
        return volumes.Select(v => Mount(v, listing, folder)).ToList();
    }

    private static VolumeMounts Mount(AttachedVolume volume, BlockDeviceListing listing, string folder)
    {
        var problems = new List<EvidenceProblem>();
        var disk = Disk(volume, listing.Devices);
        if (disk is null)
        {
            problems.Add(new EvidenceProblem(volume.Device, volume.VolumeId,
                $"no block device with serial {Serial(volume.VolumeId)} or named {string.Join(" or ", Names(volume.Device))}; lsblk lists {string.Join(", ", listing.Devices.Select(d => d.Name))}"));
            return new VolumeMounts(volume.VolumeId, volume.Device, null, [], problems);
        }

        var lines = new List<string>();
        if (!SafePath().IsMatch(disk.Path))
        {
            problems.Add(new EvidenceProblem(disk.Path, volume.VolumeId, "a device path this rule does not put in a shell line; not mounted"));
            return new VolumeMounts(volume.VolumeId, volume.Device, disk.Path, [], problems);
        }

        lines.Add($"blockdev --setro {disk.Path}");
        var parts = disk.Children.Count == 0 ? [(disk, "disk")] : disk.Children.Select(c => (c, Part(disk, c))).ToList();
        foreach (var (device, part) in parts)
        {
            Filesystem(device, ReferenceEquals(device, disk), part, listing, $"{folder}/{volume.VolumeId}", volume.VolumeId, lines, problems);
        }

        return new VolumeMounts(volume.VolumeId, volume.Device, disk.Path, lines, problems);
    }

    private static void Filesystem(BlockDevice device, bool wholeDisk, string part, BlockDeviceListing listing, string folder, string volumeId, List<string> lines,
        List<EvidenceProblem> problems)
    {
        var type = listing.FsType(device);
        if (!SafePath().IsMatch(device.Path))
        {
            problems.Add(new EvidenceProblem(device.Path, volumeId, "a device path this rule does not put in a shell line; not mounted"));
            return;
        }

        if (!wholeDisk)
        {
            lines.Add($"blockdev --setro {device.Path}"); // every partition, mounted or not, is kept from writes
        }

        if (device.MountPoint is { } mounted)
        {
            problems.Add(new EvidenceProblem(device.Path, volumeId, $"already mounted at {mounted}: not mounted again (check with findmnt {device.Path} that it is read-only)"));
            return;
        }

        if (type is null)
        {
            problems.Add(new EvidenceProblem(device.Path, volumeId, "no filesystem found (neither udev nor blkid knows one): not mounted"));
            return;
        }

        if (NotMounted.TryGetValue(type, out var why))
        {
            problems.Add(new EvidenceProblem(device.Path, volumeId, why));
            return;
        }

        if (!SafeType().IsMatch(type))
        {
            problems.Add(new EvidenceProblem(device.Path, volumeId, $"filesystem type {type}: not one this rule puts in a shell line; not mounted"));
            return;
        }

        if (!Options.TryGetValue(type, out var options))
        {
            options = "ro";
            problems.Add(new EvidenceProblem(device.Path, volumeId, $"no-replay option known for {type}: the mount may write its journal"));
        }

        var target = $"{folder}/{part}";
        lines.Add($"mkdir -p {target}");
        lines.Add($"mount -t {type} -o {options} {device.Path} {target}");
    }

    private static BlockDevice? Disk(AttachedVolume volume, IReadOnlyList<BlockDevice> devices)
    {
        var serial = Serial(volume.VolumeId);
        var names = Names(volume.Device);
        return devices.FirstOrDefault(d => d.Serial is { } s && Normal(s).EndsWith(serial, StringComparison.Ordinal))
               ?? devices.FirstOrDefault(d => names.Contains(d.Name) || d.Path == volume.Device);
    }

    /// <summary>The serial an EBS volume has as an NVMe disk: its id without the dash (<c>vol-0abc</c> → <c>vol0abc</c>).</summary>
    private static string Serial(string volumeId) => Normal(volumeId);

    private static string Normal(string text) => new string(text.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();

    /// <summary>The kernel names a device name may have: <c>/dev/sdf</c> is sdf, or xvdf under Xen.</summary>
    private static string[] Names(string device)
    {
        var name = device.StartsWith("/dev/", StringComparison.Ordinal) ? device[5..] : device;
        return name.StartsWith("sd", StringComparison.Ordinal) ? [name, "xvd" + name[2..]]
            : name.StartsWith("xvd", StringComparison.Ordinal) ? [name, "sd" + name[3..]]
            : [name];
    }

    /// <summary>A partition's folder: p and its number (nvme1n1p1 and xvdf1 are both p1), else its name.</summary>
    private static string Part(BlockDevice disk, BlockDevice part)
    {
        var rest = part.Name.StartsWith(disk.Name, StringComparison.Ordinal) ? part.Name[disk.Name.Length..].TrimStart('p') : "";
        return rest.Length > 0 && rest.All(char.IsAsciiDigit) ? "p" + rest : SafeName().Replace(part.Name, "_");
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex SafeName();

    [GeneratedRegex("^/dev/[A-Za-z0-9._/-]+$")]
    private static partial Regex SafePath();

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex SafeType();
}
