using EksIr.Cloud.Aws;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Aws;

/// <summary>The volumes plan against the loopback AWS endpoint: the case's snapshots found by tag become volumes in the
/// analysis instance's zone, attached at free device names, and their block devices are read over SSM for the mount lines;
/// dry run, re-run, and a failure halfway.</summary>
public sealed class VolumeAcquisitionTests
{
    private static readonly string Snapshot = Repo.Path("sample-data", "incident-1", "aws");
    private const string Analysis = "i-0a1b2c3d4e5f60718";
    private const string RootSnapshot = "snap-0feedface00000001";
    private const string DataSnapshot = "snap-0feedface00000002";

    /// <summary>What the block device script prints on a Xen instance (util-linux 2.37 JSON): the root disk, the volume already
    /// at /dev/sdf, then the node's root volume at /dev/sdg (a GPT disk as on Amazon Linux 2023: XFS root, BIOS boot, EFI) and its
    /// data volume at /dev/sdh (ext4 on the whole disk). udev has not probed xvdh yet: blkid has.</summary>
    private const string XenDevices = """
        eksir-lsblk
        {
           "blockdevices": [
              {"name":"xvda", "path":"/dev/xvda", "serial":null, "type":"disk", "size":8589934592, "fstype":null, "mountpoint":null,
                 "children": [{"name":"xvda1", "path":"/dev/xvda1", "serial":null, "type":"part", "size":8578383360, "fstype":"xfs", "mountpoint":"/"}]},
              {"name":"xvdf", "path":"/dev/xvdf", "serial":null, "type":"disk", "size":1073741824, "fstype":"ext4", "mountpoint":null},
              {"name":"xvdg", "path":"/dev/xvdg", "serial":null, "type":"disk", "size":85899345920, "fstype":null, "mountpoint":null,
                 "children": [
                    {"name":"xvdg1", "path":"/dev/xvdg1", "serial":null, "type":"part", "size":85886763008, "fstype":"xfs", "mountpoint":null},
                    {"name":"xvdg127", "path":"/dev/xvdg127", "serial":null, "type":"part", "size":1048576, "fstype":null, "mountpoint":null},
                    {"name":"xvdg128", "path":"/dev/xvdg128", "serial":null, "type":"part", "size":10485760, "fstype":"vfat", "mountpoint":null}
                 ]},
              {"name":"xvdh", "path":"/dev/xvdh", "serial":null, "type":"disk", "size":21474836480, "fstype":null, "mountpoint":null}
           ]
        }
        eksir-blkid
        DEVNAME=/dev/xvda1
        TYPE=xfs

        DEVNAME=/dev/xvdh
        UUID=2f5ad1a7-5f7e-4e33-9b8e-0a4c3c1f7d21
        TYPE=ext4

        """;

    private static FakeAwsServer Server()
    {
        var server = new FakeAwsServer(Snapshot) { CommandOutput = XenDevices };
        server.AddAnalysisInstance(Analysis, "us-west-2a", "/dev/sdf");
        var tags = new Dictionary<string, string> { ["eksir:case"] = "case-1" };
        server.Snapshots.Add((RootSnapshot, "vol-0c1d2e3f4a5b6c7d8", tags, 100));
        server.Snapshots.Add((DataSnapshot, "vol-0c1d2e3f4a5b6c7d9", tags, 100));
        server.Snapshots.Add(("snap-0feedface00000003", "vol-0c1d2e3f4a5b6c7d8", new Dictionary<string, string> { ["eksir:case"] = "case-2" }, 100));
        return server;
    }

    private static VolumeAcquisitionOptions Options => new("case-1", "analyst", Analysis, PollInterval: TimeSpan.FromMilliseconds(10));

    private static bool Changes(string action) => !action.StartsWith("Describe", StringComparison.Ordinal) && !action.StartsWith("Get", StringComparison.Ordinal);

    [Fact]
    public async Task The_dry_run_plans_a_volume_and_an_attachment_per_case_snapshot_shows_the_lsblk_script_and_changes_nothing()
    {
        using var server = Server();
        var account = InstanceContainmentTests.Connect(server);

        var plan = await VolumeAcquisition.RunAsync(account, account, account, account, Options, execute: false);

        Assert.Equal(["analysis instance", "case snapshots", "create volume", "create volume", "attach volume", "attach volume", "find block devices"],
            plan.Actions.Select(a => a.Action));
        Assert.Equal(["done", "done", "planned (dry run)", "planned (dry run)", "planned (dry run)", "planned (dry run)", "planned (dry run)"], plan.Actions.Select(a => a.Outcome));
        Assert.Equal("running in us-west-2a; devices in use: /dev/xvda vol-0aa0000000000root, /dev/sdf vol-0aa0000000000001", plan.Actions[0].Detail);
        Assert.Equal($"{RootSnapshot} of vol-0c1d2e3f4a5b6c7d8 (completed 100%)\n{DataSnapshot} of vol-0c1d2e3f4a5b6c7d9 (completed 100%)", plan.Actions[1].Detail);
        Assert.Equal($"CreateVolume from {RootSnapshot} in us-west-2a (gp3), tagged eksir:case=case-1, eksir:source-snapshot={RootSnapshot}, " +
                     "eksir:source-volume=vol-0c1d2e3f4a5b6c7d8, eksir:analyst=analyst, then wait until available", plan.Actions[2].Detail);
        Assert.Equal($"aws ec2 delete-volume --volume-id <the volume made from {RootSnapshot}>", plan.Actions[2].Rollback);
        Assert.Equal("AttachVolume at /dev/sdg on i-0a1b2c3d4e5f60718, then wait until attached", plan.Actions[4].Detail);
        Assert.Equal("AttachVolume at /dev/sdh on i-0a1b2c3d4e5f60718, then wait until attached", plan.Actions[5].Detail);
        Assert.Contains("lsblk -J -b -o NAME,PATH,SERIAL,TYPE,SIZE,FSTYPE,MOUNTPOINT", plan.Actions[6].Detail);
        Assert.Contains("mount -t xfs -o ro,nouuid,norecovery", plan.Actions[6].Detail);
        Assert.All(server.Actions, a => Assert.False(Changes(a), a));
        Assert.Empty(server.MadeVolumes);
        Assert.Empty(server.Commands);
    }

    [Fact]
    public async Task Execute_makes_the_volumes_in_the_analysis_zone_attaches_them_and_gives_the_mount_lines_and_a_re_run_makes_nothing_new()
    {
        using var server = Server();
        var account = InstanceContainmentTests.Connect(server);
        var progress = new List<string>();

        var plan = await VolumeAcquisition.RunAsync(account, account, account, account, Options, execute: true, new SyncProgress(progress.Add));

        Assert.False(plan.Failed, string.Join("\n", plan.Actions.Select(a => $"{a.Action}: {a.Outcome}")));
        Assert.Equal(["CreateVolume", "CreateVolume", "AttachVolume", "AttachVolume", "SendCommand"], server.Actions.Where(Changes));
        Assert.All(server.Calls, c => Assert.True(c.Signed, $"{c.Action}: {c.Scope}"));
        var creates = server.Calls.Where(c => c.Action == "CreateVolume").ToList();
        Assert.Equal([RootSnapshot, DataSnapshot], creates.Select(c => c.Parameters["SnapshotId"]));
        Assert.All(creates, c => Assert.Equal("us-west-2a", c.Parameters["AvailabilityZone"])); // the analysis instance's zone, not the node's us-west-2b
        var (root, data) = (server.MadeVolumes[0], server.MadeVolumes[1]);
        Assert.Equal("volume", root.TaggedResource);
        Assert.Equal(new Dictionary<string, string>
        {
            ["eksir:case"] = "case-1", ["eksir:source-snapshot"] = RootSnapshot, ["eksir:source-volume"] = "vol-0c1d2e3f4a5b6c7d8", ["eksir:analyst"] = "analyst",
        }, root.Tags);
        Assert.Equal("vol-0c1d2e3f4a5b6c7d9", data.Tags["eksir:source-volume"]);
        Assert.Equal([(root.Id, "/dev/sdg"), (data.Id, "/dev/sdh")],
            server.Calls.Where(c => c.Action == "AttachVolume").Select(c => (c.Parameters["VolumeId"], c.Parameters["Device"])));
        Assert.All(server.Calls.Where(c => c.Action == "AttachVolume"), c => Assert.Equal(Analysis, c.Parameters["InstanceId"]));
        Assert.Equal(("attached", "attached"), (root.AttachmentState, data.AttachmentState));
        Assert.Contains(progress, p => p == $"volume {root.Id}: creating");
        Assert.Contains(progress, p => p == $"volume {root.Id}: in-use, attaching to {Analysis} at /dev/sdg");

        var steps = plan.Actions.ToDictionary(a => (a.Action, a.Target));
        Assert.Equal($"aws ec2 delete-volume --volume-id {root.Id}", steps[("create volume", $"{RootSnapshot} (of vol-0c1d2e3f4a5b6c7d8)")].Rollback);
        Assert.Equal($"aws ec2 detach-volume --volume-id {data.Id}", steps[("attach volume", $"{data.Id} → {Analysis}")].Rollback);
        Assert.Equal(
            $"blockdev --setro /dev/xvdg\nblockdev --setro /dev/xvdg1\nmkdir -p /mnt/case-1/{root.Id}/p1\nmount -t xfs -o ro,nouuid,norecovery /dev/xvdg1 /mnt/case-1/{root.Id}/p1\n" +
            $"blockdev --setro /dev/xvdg127\nblockdev --setro /dev/xvdg128\nmkdir -p /mnt/case-1/{root.Id}/p128\nmount -t vfat -o ro /dev/xvdg128 /mnt/case-1/{root.Id}/p128\n" +
            "# problem: /dev/xvdg127: no filesystem found (neither udev nor blkid knows one): not mounted",
            steps[("mount read-only", $"{root.Id} (/dev/xvdg)")].Detail);
        Assert.Equal("done, 1 problem", steps[("mount read-only", $"{root.Id} (/dev/xvdg)")].Outcome);
        Assert.Equal($"blockdev --setro /dev/xvdh\nmkdir -p /mnt/case-1/{data.Id}/disk\nmount -t ext4 -o ro,noload /dev/xvdh /mnt/case-1/{data.Id}/disk",
            steps[("mount read-only", $"{data.Id} (/dev/xvdh)")].Detail);
        var script = server.Commands.Values.Single().Lines;
        Assert.Equal(Cloud.Volumes.BlockDeviceScript.Lines, script);

        var before = server.Calls.Count;
        var again = await VolumeAcquisition.RunAsync(account, account, account, account, Options, execute: true);

        Assert.Equal(["done", "done", "done", "already in place", "already in place", "already in place", "already in place", "done", "done, 1 problem", "done"],
            again.Actions.Select(a => a.Outcome));
        Assert.Equal(["SendCommand"], server.Calls.Skip(before).Select(c => c.Action).Where(Changes)); // it reads the devices again, makes nothing
        Assert.Equal(2, server.MadeVolumes.Count);
        Assert.Equal($"aws ec2 delete-volume --volume-id {root.Id}", again.Actions.First(a => a.Action == "create volume").Rollback);
        Assert.Equal($"at /dev/sdg (attached)", again.Actions.First(a => a.Action == "attach volume").Detail);
    }

    [Fact]
    public async Task A_refused_attachment_fails_the_plan_there_and_the_steps_after_it_are_not_done()
    {
        using var server = Server();
        server.Fail("AttachVolume", "UnauthorizedOperation", 403, message: "You are not authorized to perform this operation.");
        var account = InstanceContainmentTests.Connect(server);

        var plan = await VolumeAcquisition.RunAsync(account, account, account, account, Options, execute: true);

        Assert.True(plan.Failed);
        Assert.Equal(["done", "done", "done", "done", "done"], plan.Actions.Take(5).Select(a => a.Outcome));
        Assert.Equal("attach volume", plan.Actions[5].Action);
        Assert.StartsWith($"failed: AWS us-west-2 via {server.Url}", plan.Actions[5].Outcome);
        Assert.Contains("AttachVolume", plan.Actions[5].Outcome);
        Assert.Contains("UnauthorizedOperation", plan.Actions[5].Outcome);
        Assert.Equal(["not done (an earlier step failed)", "not done (an earlier step failed)"], plan.Actions.Skip(6).Select(a => a.Outcome));
        Assert.Equal(["attach volume", "find block devices"], plan.Actions.Skip(6).Select(a => a.Action));
        Assert.DoesNotContain("SendCommand", server.Actions);
        Assert.All(server.MadeVolumes, v => Assert.Equal("available", v.State)); // made, waited for, and left for the undo line to delete
        Assert.Equal($"aws ec2 delete-volume --volume-id {server.MadeVolumes[0].Id}", plan.Actions[3].Rollback);
    }

    [Fact]
    public async Task A_snapshot_not_yet_complete_is_named_and_no_volume_is_made_from_it()
    {
        using var server = Server();
        server.Snapshots.Clear();
        server.Snapshots.Add((RootSnapshot, "vol-0c1d2e3f4a5b6c7d8", new Dictionary<string, string> { ["eksir:case"] = "case-1" }, 0));
        var account = InstanceContainmentTests.Connect(server);

        var plan = await VolumeAcquisition.RunAsync(account, account, account, account, Options, execute: true);

        Assert.True(plan.Failed);
        Assert.Equal($"failed: snapshot {RootSnapshot} is pending (0%): a volume is made from a completed snapshot (aws ec2 wait snapshot-completed --snapshot-ids {RootSnapshot})",
            plan.Actions.Single(a => a.Action == "create volume").Outcome);
        Assert.DoesNotContain("CreateVolume", server.Actions);
    }

    [Fact]
    public async Task No_snapshot_of_the_case_is_said_before_anything_is_planned_and_named_snapshots_are_used_instead()
    {
        using var server = Server();
        var account = InstanceContainmentTests.Connect(server);

        var none = await Assert.ThrowsAsync<AwsActionException>(() => VolumeAcquisition.RunAsync(account, account, account, account, Options with { CaseId = "case-9" }, execute: false));
        var named = await VolumeAcquisition.RunAsync(account, account, account, account, Options with { SnapshotIds = ["snap-0feedface00000003"] }, execute: false);

        Assert.EndsWith("no snapshots tagged eksir:case=case-9 (take them with acquire instance, or name them with --snapshot-id)", none.Message);
        Assert.Equal("snap-0feedface00000003 of vol-0c1d2e3f4a5b6c7d8 (completed 100%)", named.Actions.Single(a => a.Action == "case snapshots").Detail);
        Assert.Single(named.Actions, a => a.Action == "create volume");
    }

    [Fact]
    public async Task The_sample_account_has_an_analysis_instance_in_the_node_zone_that_is_no_node_and_plans_a_volume_from_the_on_call_snapshot()
    {
        var (root, path) = EvidenceFile.Locate(Snapshot);
        var snapshot = new AccountSnapshot(root, path, "aws");
        const string sampleAnalysis = "i-0f3e9a1c7b2d45e60";

        var node = await snapshot.InstanceAsync("i-0c7d2e91b4a6f3508");
        var analysis = await snapshot.InstanceAsync(sampleAnalysis);
        var caseSnapshots = await snapshot.CaseSnapshotsAsync(node.Volumes.Select(v => v.VolumeId).ToList(), "INC-2026-001");
        var plan = await VolumeAcquisition.RunAsync(snapshot, snapshot, null, null,
            new VolumeAcquisitionOptions("INC-2026-001", "analyst", sampleAnalysis, ["snap-0e4d3c2b1a0f98765"]), execute: false);

        Assert.Empty(snapshot.Problems);
        Assert.Equal(("running", "us-west-2b", "us-west-2b"), (analysis.State, analysis.Zone, node.Zone)); // a volume attaches only in its own zone
        Assert.Equal(new Dictionary<string, string> { ["Name"] = "ir-analysis", ["Purpose"] = "forensics" }, analysis.Tags); // no EKS, Kubernetes or Auto Scaling tag
        Assert.Null(analysis.PublicIp);
        Assert.Equal("eksworkshop-eksctl", node.Tags["eks:cluster-name"]); // the node is still the first reservation's instance
        Assert.Empty(caseSnapshots); // the on-call snapshot has no case tag: acquire instance still plans the case's own
        Assert.Equal(["analysis instance", "case snapshots", "create volume", "attach volume", "find block devices"], plan.Actions.Select(a => a.Action));
        Assert.Equal("running in us-west-2b; devices in use: /dev/xvda vol-0e2f3a4b5c6d7e8f9", plan.Actions[0].Detail);
        Assert.Equal("snap-0e4d3c2b1a0f98765 of vol-0c1d2e3f4a5b6c7d8 (completed 100%)", plan.Actions[1].Detail);
        Assert.StartsWith("CreateVolume from snap-0e4d3c2b1a0f98765 in us-west-2b (gp3)", plan.Actions[2].Detail);
        Assert.Equal($"AttachVolume at /dev/sdf on {sampleAnalysis}, then wait until attached", plan.Actions[3].Detail);
        Assert.Contains("mount -t xfs -o ro,nouuid,norecovery", plan.Actions[4].Detail);
    }
}
