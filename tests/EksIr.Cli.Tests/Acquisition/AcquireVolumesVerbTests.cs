using System.Text.Json;
using EksIr.Core.Cases;
using EksIr.Tests;

namespace EksIr.Cli.Tests.Acquisition;

/// <summary>eksir acquire volumes: planned on a folder of AWS CLI answers (what exists is found, the rest planned), and
/// executed in a case against the loopback AWS endpoint with the steps and their undo lines in the journal.</summary>
public sealed class AcquireVolumesVerbTests : IDisposable
{
    private const string Analysis = "i-0a1b2c3d4e5f60718";
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_dry_run_on_aws_cli_answers_finds_the_volume_made_and_attached_before_and_plans_the_rest()
    {
        var folder = Directory.CreateDirectory(_temp.Combine("aws")).FullName;
        File.WriteAllText(Path.Combine(folder, "describe-instances.json"), $$$"""
            {"Reservations": [{"Instances": [{"InstanceId": "{{{Analysis}}}", "State": {"Name": "running"}, "Placement": {"AvailabilityZone": "us-west-2a"},
              "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeId": "vol-0aa0000000000root", "DeleteOnTermination": true}},
                                      {"DeviceName": "/dev/sdf", "Ebs": {"VolumeId": "vol-0bb0000000000001", "DeleteOnTermination": false}}]}]}]}
            """);
        File.WriteAllText(Path.Combine(folder, "describe-snapshots.json"), """
            {"Snapshots": [
              {"SnapshotId": "snap-0feedface00000001", "VolumeId": "vol-0c1d2e3f4a5b6c7d8", "State": "completed", "Progress": "100%", "Tags": [{"Key": "eksir:case", "Value": "INC-12"}]},
              {"SnapshotId": "snap-0feedface00000002", "VolumeId": "vol-0c1d2e3f4a5b6c7d9", "State": "completed", "Progress": "100%", "Tags": [{"Key": "eksir:case", "Value": "INC-12"}]}]}
            """);
        File.WriteAllText(Path.Combine(folder, "describe-volumes.json"), $$$"""
            {"Volumes": [{"VolumeId": "vol-0bb0000000000001", "State": "in-use", "AvailabilityZone": "us-west-2a", "SnapshotId": "snap-0feedface00000001", "Size": 80,
              "Attachments": [{"InstanceId": "{{{Analysis}}}", "Device": "/dev/sdf", "State": "attached", "VolumeId": "vol-0bb0000000000001"}],
              "Tags": [{"Key": "eksir:case", "Value": "INC-12"}, {"Key": "eksir:source-snapshot", "Value": "snap-0feedface00000001"}]}]}
            """);

        var plan = await ProcessRun.EksirAsync(_temp.Path, "acquire", "volumes", "--analysis-instance", Analysis, "--snapshot", folder, "--case", "INC-12", "--json");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var doc = JsonDocument.Parse(plan.StdOut);
        var actions = doc.RootElement.GetProperty("actions").EnumerateArray()
            .Select(a => (a.GetProperty("action").GetString(), a.GetProperty("target").GetString(), a.GetProperty("outcome").GetString())).ToList();
        Assert.Equal([
            ("analysis instance", Analysis, "done"),
            ("case snapshots", "INC-12", "done"),
            ("create volume", "snap-0feedface00000001 (of vol-0c1d2e3f4a5b6c7d8)", "already in place"),
            ("create volume", "snap-0feedface00000002 (of vol-0c1d2e3f4a5b6c7d9)", "planned (dry run)"),
            ("attach volume", $"vol-0bb0000000000001 → {Analysis}", "already in place"),
            ("attach volume", $"<the volume made from snap-0feedface00000002> → {Analysis}", "planned (dry run)"),
            ("find block devices", Analysis, "planned (dry run)"),
        ], actions);
        Assert.Equal("AttachVolume at /dev/sdg on i-0a1b2c3d4e5f60718, then wait until attached",
            doc.RootElement.GetProperty("actions")[5].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Executed_in_a_case_it_journals_each_step_with_its_undo_line()
    {
        using var server = new FakeAwsServer(Repo.Path("sample-data", "incident-1", "aws"))
        {
            CommandOutput = "eksir-lsblk\n{\"blockdevices\": [{\"name\":\"xvdf\", \"path\":\"/dev/xvdf\", \"serial\":null, \"type\":\"disk\", \"size\":85899345920, " +
                            "\"fstype\":null, \"mountpoint\":null, \"children\": [{\"name\":\"xvdf1\", \"path\":\"/dev/xvdf1\", \"serial\":null, \"type\":\"part\", " +
                            "\"size\":85886763008, \"fstype\":\"xfs\", \"mountpoint\":null}]}]}\neksir-blkid\n",
        };
        server.AddAnalysisInstance(Analysis, "us-west-2a");
        server.Snapshots.Add(("snap-0feedface00000001", "vol-0c1d2e3f4a5b6c7d8", new Dictionary<string, string> { ["eksir:case"] = "INC-12" }, 100));
        var credentials = _temp.Combine("credentials");
        File.WriteAllText(credentials, $"[ir]\naws_access_key_id = {FakeAwsServer.AccessKey}\naws_secret_access_key = {FakeAwsServer.SecretKey}\n");
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_CONFIG_FILE"] = _temp.Combine("no-config"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        var journal = _temp.Combine("case", "journal.jsonl");
        var opened = await Eksir(environment, ["case", "open", "--name", "INC-12", "--evidence", Directory.CreateDirectory(_temp.Combine("evidence")).FullName, "--journal", journal]);
        Assert.True(opened.ExitCode == 0, opened.ToString());

        var result = await Eksir(environment, ["acquire", "volumes", "--analysis-instance", Analysis, "--profile", "ir", "--region", "us-west-2", "--endpoint-url", server.Url,
            "--execute", "--journal", journal]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var volume = Assert.Single(server.MadeVolumes);
        Assert.Equal("INC-12", volume.Tags["eksir:case"]);
        Assert.Contains($"mount -t xfs -o ro,nouuid,norecovery /dev/xvdf1 /mnt/INC-12/{volume.Id}/p1", result.StdOut);
        var entry = new CaseJournal(journal).Read().Entries[^1];
        Assert.Equal(("acquire volumes", JournalOutcome.Ok, "true"), (entry.Verb, entry.Outcome, entry.Options["--execute"]));
        Assert.Contains($"create volume snap-0feedface00000001 (of vol-0c1d2e3f4a5b6c7d8): done; before: snapshot completed 100%; no volume of this case from it in us-west-2a; " +
                        $"undo: aws ec2 delete-volume --volume-id {volume.Id}", entry.Summary);
        Assert.Contains($"attach volume {volume.Id} → {Analysis}: done; before: available, not attached; undo: aws ec2 detach-volume --volume-id {volume.Id}", entry.Summary);
    }

    private static Task<ProcessResult> Eksir(Dictionary<string, string> environment, string[] args) =>
        ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "eksir.dll"), .. args], Repo.Path(), TimeSpan.FromMinutes(2), environment);
}
