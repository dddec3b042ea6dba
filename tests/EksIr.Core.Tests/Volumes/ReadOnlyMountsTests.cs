using System.Security.Cryptography;
using EksIr.Cloud.Aws;
using EksIr.Cloud.Volumes;

namespace EksIr.Core.Tests.Volumes;

/// <summary>
/// The read-only mount lines. On real images: a filesystem made by the real mkfs, written to while mounted and copied then
/// (as a snapshot catches a running node: its journal not yet replayed), attached as a loop device, listed by the real
/// block device script (lsblk, blkid); the lines it gives are run and must mount it read-only and leave the copy's
/// SHA-256 as it was — where a plain read-only mount of the same copy changes it. And the rule's cases from lsblk listings
/// as Nitro and older util-linux print them.
/// </summary>
public sealed class ReadOnlyMountsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [LoopDeviceFact("mkfs.ext4", "e2fsprogs")]
    public Task The_lines_for_a_real_ext4_partition_with_a_journal_to_replay_mount_it_read_only_and_leave_the_image_unchanged() =>
        MountedReadOnlyAsync("ext4", "mkfs.ext4 -q", 64, "ro,noload");

    [LoopDeviceFact("mkfs.xfs", "xfsprogs")]
    public Task The_lines_for_a_real_xfs_partition_with_a_log_to_replay_mount_it_read_only_and_leave_the_image_unchanged() =>
        MountedReadOnlyAsync("xfs", "mkfs.xfs -q -f", 320, "ro,nouuid,norecovery");

    private async Task MountedReadOnlyAsync(string type, string mkfs, int megabytes, string options)
    {
        var image = _temp.Combine("node.img");
        var evidence = _temp.Combine("evidence.img");
        var control = _temp.Combine("control.img");
        var mnt = Directory.CreateDirectory(_temp.Combine("mnt")).FullName;
        var rw = Directory.CreateDirectory(_temp.Combine("rw")).FullName;
        var attached = new List<string>();
        var mounted = new List<string>();
        try
        {
            // A GPT disk: the filesystem in partition 1, nothing in partition 2 (as a BIOS boot partition).
            await Sh($"truncate -s {megabytes + 8}M {image} && printf 'label: gpt\\n,{megabytes}M,L\\n,,L\\n' | sfdisk -q {image}");
            var node = await AttachAsync(image, attached);
            await Sh($"{mkfs} {node}p1 >/dev/null && mount {node}p1 {rw}");
            mounted.Add(rw);
            await Sh($"echo dropped > {rw}/payload && sync && cp --sparse=always {image} {evidence} && cp --sparse=always {image} {control} && umount {rw}");
            mounted.Remove(rw);
            await DetachAsync(node, attached);

            // The control copy: a plain read-only mount replays the journal into it.
            var controlBefore = Sha256(control);
            var plain = await AttachAsync(control, attached);
            await Sh($"mount -t {type} -o ro{(type == "xfs" ? ",nouuid" : "")} {plain}p1 {rw} && umount {rw}");
            await DetachAsync(plain, attached);
            Assert.NotEqual(controlBefore, Sha256(control));

            var before = Sha256(evidence);
            var device = await AttachAsync(evidence, attached);
            var listing = BlockDeviceScript.Read(await Sh(string.Join("\n", BlockDeviceScript.Lines)), "this host");
            var mounts = Assert.Single(ReadOnlyMounts.For("case-1", [new AttachedVolume("vol-0e1d2c3b4a5968778", device)], listing, mnt));

            var target = $"{mnt}/case-1/vol-0e1d2c3b4a5968778/p1";
            Assert.Equal(device, mounts.Disk);
            Assert.Equal([$"blockdev --setro {device}", $"blockdev --setro {device}p1", $"mkdir -p {target}", $"mount -t {type} -o {options} {device}p1 {target}",
                $"blockdev --setro {device}p2"], mounts.Lines);
            Assert.Equal([$"{device}p2: no filesystem found (neither udev nor blkid knows one): not mounted"], mounts.Problems.Select(p => $"{p.File}: {p.Problem}"));

            await Sh(string.Join("\n", mounts.Lines));
            mounted.Add(target);
            var entry = File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')).Single(f => f[1] == target);
            Assert.Equal((type, "ro"), (entry[2], entry[3].Split(',')[0]));
            Assert.Equal("1", (await Sh($"blockdev --getro {device}p1")).Trim());
            var write = Record.Exception(() => File.WriteAllText(Path.Combine(target, "x"), "x"));
            Assert.Contains("Read-only file system", write?.Message);
            await Sh($"umount {target}");
            mounted.Remove(target);
            await DetachAsync(device, attached);

            Assert.Equal(before, Sha256(evidence));
        }
        finally
        {
            foreach (var m in mounted)
            {
                await ProcessRun.RunAsync("umount", [m], _temp.Path, TimeSpan.FromMinutes(1));
            }

            foreach (var d in attached)
            {
                await ProcessRun.RunAsync("blockdev", ["--setrw", d], _temp.Path, TimeSpan.FromMinutes(1));
                await ProcessRun.RunAsync("losetup", ["-d", d], _temp.Path, TimeSpan.FromMinutes(1));
            }
        }
    }

    [Fact]
    public void On_Nitro_a_volume_is_the_NVMe_disk_whose_serial_is_its_id_and_each_filesystem_gets_its_own_no_replay_options()
    {
        // lsblk 2.37 on a Nitro instance: EBS volumes are NVMe disks whose serial is the volume id without its dash (AWS: "Amazon EBS and NVMe").
        const string lsblk = """
            {"blockdevices": [
               {"name":"nvme0n1", "path":"/dev/nvme0n1", "serial":"vol0aa11bb22cc33dd44", "type":"disk", "size":8589934592, "fstype":null, "mountpoint":null,
                  "children": [{"name":"nvme0n1p1", "path":"/dev/nvme0n1p1", "serial":null, "type":"part", "size":8578383360, "fstype":"xfs", "mountpoint":"/"}]},
               {"name":"nvme1n1", "path":"/dev/nvme1n1", "serial":"vol0123456789abcdef0", "type":"disk", "size":107374182400, "fstype":null, "mountpoint":null,
                  "children": [
                     {"name":"nvme1n1p1", "path":"/dev/nvme1n1p1", "serial":null, "type":"part", "size":53687091200, "fstype":"ext3", "mountpoint":null},
                     {"name":"nvme1n1p2", "path":"/dev/nvme1n1p2", "serial":null, "type":"part", "size":21474836480, "fstype":"LVM2_member", "mountpoint":null},
                     {"name":"nvme1n1p3", "path":"/dev/nvme1n1p3", "serial":null, "type":"part", "size":21474836480, "fstype":"btrfs", "mountpoint":null},
                     {"name":"nvme1n1p4", "path":"/dev/nvme1n1p4", "serial":null, "type":"part", "size":1073741824, "fstype":"ext4", "mountpoint":"/media/x"}
                  ]},
               {"name":"nvme2n1", "path":"/dev/nvme2n1", "serial":"vol0fedcba9876543210", "type":"disk", "size":1073741824, "fstype":"swap", "mountpoint":null}
            ]}
            """;
        var listing = BlockDeviceListing.Parse(lsblk, "", "i-0a1b2c3d4e5f60718");

        var mounts = ReadOnlyMounts.For("INC 2026/001", [new AttachedVolume("vol-0123456789abcdef0", "/dev/sdf"), new AttachedVolume("vol-0fedcba9876543210", "/dev/sdg"),
            new AttachedVolume("vol-0999999999999999a", "/dev/sdh")], listing);

        const string dir = "/mnt/INC_2026_001/vol-0123456789abcdef0";
        Assert.Equal("/dev/nvme1n1", mounts[0].Disk);
        Assert.Equal(["blockdev --setro /dev/nvme1n1", "blockdev --setro /dev/nvme1n1p1", $"mkdir -p {dir}/p1", $"mount -t ext3 -o ro,noload /dev/nvme1n1p1 {dir}/p1",
            "blockdev --setro /dev/nvme1n1p2", "blockdev --setro /dev/nvme1n1p3", $"mkdir -p {dir}/p3", $"mount -t btrfs -o ro /dev/nvme1n1p3 {dir}/p3",
            "blockdev --setro /dev/nvme1n1p4"], mounts[0].Lines);
        Assert.Equal(["/dev/nvme1n1p2", "/dev/nvme1n1p3", "/dev/nvme1n1p4"], mounts[0].Problems.Select(p => p.File));
        Assert.StartsWith("an LVM physical volume: its logical volumes are not mounted here", mounts[0].Problems[0].Problem);
        Assert.Equal("no-replay option known for btrfs: the mount may write its journal", mounts[0].Problems[1].Problem);
        Assert.StartsWith("already mounted at /media/x: not mounted again", mounts[0].Problems[2].Problem);
        Assert.Equal("/dev/nvme2n1", mounts[1].Disk);
        Assert.Equal(["blockdev --setro /dev/nvme2n1"], mounts[1].Lines);
        Assert.StartsWith("swap space", Assert.Single(mounts[1].Problems).Problem);
        Assert.Null(mounts[2].Disk);
        Assert.Empty(mounts[2].Lines);
        Assert.Equal("no block device with serial vol0999999999999999a or named sdh or xvdh; lsblk lists nvme0n1, nvme1n1, nvme2n1", Assert.Single(mounts[2].Problems).Problem);
    }

    [Fact]
    public void An_older_lsblk_prints_every_value_as_a_string_and_the_listing_reads_it_the_same()
    {
        // util-linux 2.33 to 2.36 (Amazon Linux 2 has 2.30 and no PATH column: the path is made from the name).
        const string lsblk = """
            {"blockdevices": [
               {"name": "xvdf", "serial": null, "type": "disk", "size": "21474836480", "fstype": "xfs", "mountpoint": null}
            ]}
            """;

        var device = Assert.Single(BlockDeviceListing.Parse(lsblk, null, "host").Devices);

        Assert.Equal(new BlockDevice("xvdf", "/dev/xvdf", null, "disk", "xfs", null, 21474836480, []), device with { Children = [] });
    }

    [Fact]
    public void Output_without_the_script_s_markers_or_with_no_JSON_is_an_error_naming_the_host()
    {
        var noMarkers = Assert.Throws<AwsActionException>(() => BlockDeviceScript.Read("lsblk: command not found\n", "i-0a1b2c3d4e5f60718"));
        var noJson = Assert.Throws<AwsActionException>(() => BlockDeviceScript.Read("eksir-lsblk\nlsblk: unknown column: PATH\neksir-blkid\n", "i-0a1b2c3d4e5f60718"));

        Assert.StartsWith("i-0a1b2c3d4e5f60718: the block device script's output lacks its eksir-lsblk/eksir-blkid lines", noMarkers.Message);
        Assert.StartsWith("i-0a1b2c3d4e5f60718: lsblk -J printed no JSON", noJson.Message);
    }

    [Theory]
    [InlineData("/dev/sdh", "/dev/xvda", "/dev/sdf", "/dev/xvdg1")]
    [InlineData("/dev/sdf", "/dev/xvda", "/dev/nvme1n1")]
    [InlineData(null, "/dev/sdf", "/dev/sdg", "/dev/sdh", "/dev/sdi", "/dev/sdj", "/dev/sdk", "/dev/sdl", "/dev/sdm", "/dev/sdn", "/dev/sdo", "/dev/xvdp")]
    public void The_free_device_name_is_the_first_of_sdf_to_sdp_that_no_attached_device_takes(string? free, params string[] inUse) =>
        Assert.Equal(free, DeviceNames.Free(inUse));

    private async Task<string> AttachAsync(string image, List<string> attached)
    {
        var device = (await Sh($"losetup --find --show --partscan {image}")).Trim();
        attached.Add(device);
        await Sh($"partx -u {device} || true"); // without udev the partition nodes appear once partx reads the table
        return device;
    }

    /// <summary>Detaches the loop device, read-write again: its read-only flag would outlive the image and refuse the next user's writes.</summary>
    private async Task DetachAsync(string device, List<string> attached)
    {
        await Sh($"blockdev --setrw {device} && losetup -d {device}");
        attached.Remove(device);
    }

    private async Task<string> Sh(string script)
    {
        var run = await ProcessRun.RunAsync("bash", ["-ec", script], _temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"{script}\n{run}");
        return run.StdOut;
    }

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
