using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using EksIr.Cloud.Aws;

namespace EksIr.Core.Tests.Aws;

/// <summary>Instance acquisition against the loopback AWS endpoint: the seed's steps in order, exact EC2 and SSM calls,
/// snapshots waited for with progress, the manifest with snapshot ids and the memory image's hash; and the real memory
/// script run by bash with stand-in avml and aws commands.</summary>
public sealed class InstanceAcquisitionTests : IDisposable
{
    private static readonly string Snapshot = Repo.Path("sample-data", "incident-1", "aws");
    private const string Instance = "i-0c7d2e91b4a6f3508";
    private const string MemoryTo = "s3://ir-evidence-111122223333/case-1/i-0c7d2e91b4a6f3508.lime";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 30, 0, TimeSpan.Zero);
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private InstanceAcquisitionOptions Options(string? memoryTo = MemoryTo) =>
        new("case-1", "analyst", memoryTo, ManifestFolder: _temp.Combine("acquired"), PollInterval: TimeSpan.FromMilliseconds(10));

    [Fact]
    public async Task The_dry_run_plans_the_seed_steps_in_order_and_changes_nothing()
    {
        using var server = new FakeAwsServer(Snapshot);
        var account = InstanceContainmentTests.Connect(server);

        var plan = await InstanceAcquisition.RunAsync(account, account, account, Instance, Options(), Now, execute: false);

        Assert.Equal(["termination protection", "shutdown behaviour", "tag instance", "list volumes", "keep volume on termination", "snapshot volumes", "capture memory"],
            plan.Actions.Select(a => a.Action));
        Assert.Equal(["planned (dry run)", "planned (dry run)", "planned (dry run)", "done", "planned (dry run)", "planned (dry run)", "planned (dry run)"],
            plan.Actions.Select(a => a.Outcome));
        Assert.Equal("DisableApiTermination: false", plan.Actions[0].Before);
        Assert.Equal("InstanceInitiatedShutdownBehavior: terminate", plan.Actions[1].Before);
        Assert.Equal("eksir:case=case-1, eksir:analyst=analyst, eksir:acquired-at=2026-11-29T08:30:00Z", plan.Actions[2].Detail);
        Assert.Equal("/dev/xvda  vol-0c1d2e3f4a5b6c7d8  80 GiB  DeleteOnTermination=true", plan.Actions[3].Detail);
        Assert.Contains($"aws s3 cp --only-show-errors \"$tmp/memory.lime\" '{MemoryTo}'", plan.Actions[6].Detail);
        Assert.All(server.Actions, a => Assert.Matches("^(Describe|Get)", a));
        Assert.False(Directory.Exists(_temp.Combine("acquired")));
    }

    [Fact]
    public async Task The_wait_for_snapshots_keeps_its_deadline_on_the_clock_it_is_given()
    {
        using var server = new FakeAwsServer(Snapshot);
        var account = InstanceContainmentTests.Connect(server);
        var options = Options(memoryTo: null) with { Timeout = TimeSpan.FromMinutes(30), Clock = new HourPerReading(Now) };

        var plan = await InstanceAcquisition.RunAsync(account, account, account, Instance, options, Now, execute: true);

        // An hour passes on that clock between the deadline and the first look at the (still pending) snapshots.
        Assert.True(plan.Failed);
        Assert.StartsWith("failed: snapshots not complete after 00:30:00", plan.Actions.Single(a => a.Action == "snapshot volumes").Outcome);
    }

    /// <summary>A clock that moves an hour each time it is read.</summary>
    private sealed class HourPerReading(DateTimeOffset start) : TimeProvider
    {
        private int _readings;

        public override DateTimeOffset GetUtcNow() => start.AddHours(Interlocked.Increment(ref _readings));
    }

    [Fact]
    public async Task Execute_sends_the_exact_calls_waits_for_the_snapshots_and_records_them_and_the_memory_hash()
    {
        using var server = new FakeAwsServer(Snapshot);
        var account = InstanceContainmentTests.Connect(server);
        var progress = new List<string>();

        var plan = await InstanceAcquisition.RunAsync(account, account, account, Instance, Options(), Now, execute: true, new SyncProgress(progress.Add));

        Assert.False(plan.Failed, string.Join("\n", plan.Actions.Select(a => a.Outcome)));
        var changes = server.Calls.Where(c => !c.Action.StartsWith("Describe", StringComparison.Ordinal) && !c.Action.StartsWith("Get", StringComparison.Ordinal)).ToList();
        Assert.Equal(["ModifyInstanceAttribute", "ModifyInstanceAttribute", "CreateTags", "ModifyInstanceAttribute", "CreateSnapshots", "SendCommand"], changes.Select(c => c.Action));
        Assert.Equal("true", changes[0].Parameters["DisableApiTermination.Value"]);
        Assert.Equal("stop", changes[1].Parameters["InstanceInitiatedShutdownBehavior.Value"]);
        Assert.Equal(Instance, changes[2].Parameters["ResourceId.1"]);
        Assert.Equal("case-1", server.Tags["eksir:case"]);
        Assert.Equal("2026-11-29T08:30:00Z", server.Tags["eksir:acquired-at"]);
        Assert.Equal("/dev/xvda", changes[3].Parameters["BlockDeviceMapping.1.DeviceName"]);
        Assert.Equal("false", changes[3].Parameters["BlockDeviceMapping.1.Ebs.DeleteOnTermination"]);
        Assert.Equal(Instance, changes[4].Parameters["InstanceSpecification.InstanceId"]);
        Assert.Equal("false", changes[4].Parameters["InstanceSpecification.ExcludeBootVolume"]);
        Assert.Equal("volume", changes[4].Parameters["CopyTagsFromSource"]);
        var send = JsonDocument.Parse(changes[5].Json).RootElement;
        Assert.Equal("AWS-RunShellScript", send.GetProperty("DocumentName").GetString());
        Assert.Equal(Instance, send.GetProperty("InstanceIds")[0].GetString());
        Assert.Equal(MemoryCaptureScript.Lines("avml", null, MemoryTo), send.GetProperty("Parameters").GetProperty("commands").EnumerateArray().Select(l => l.GetString()));
        Assert.All(server.Calls, c => Assert.True(c.Signed, $"{c.Action}: {c.Scope}"));
        Assert.Contains(server.Calls, c => c.Service == "ssm" && c.Scope.StartsWith("ssm/us-west-2", StringComparison.Ordinal));

        var snapshot = server.Snapshots.Single();
        Assert.Equal("case-1", snapshot.Tags["eksir:case"]);
        Assert.Equal($"vol-0c1d2e3f4a5b6c7d8 → {snapshot.Id} (completed 100%)", plan.Actions.Single(a => a.Action == "snapshot volumes").Detail);
        Assert.Contains(progress, p => p.Contains($"{snapshot.Id} pending 50%", StringComparison.Ordinal));
        Assert.Contains(progress, p => p.StartsWith("memory capture", StringComparison.Ordinal) && p.Contains("InProgress", StringComparison.Ordinal));
        Assert.Contains($"{MemoryTo}, 8589934592 bytes, sha256 {new string('a', 64)}", plan.Actions.Single(a => a.Action == "capture memory").Detail);

        var manifest = JsonDocument.Parse(File.ReadAllText(_temp.Combine("acquired", $"{Instance}-acquisition.json"))).RootElement;
        Assert.Equal(snapshot.Id, manifest.GetProperty("volumes")[0].GetProperty("snapshot").GetProperty("snapshotId").GetString());
        Assert.Equal(new string('a', 64), manifest.GetProperty("memory").GetProperty("sha256").GetString());
        Assert.True(manifest.GetProperty("completed").GetBoolean());

        var before = server.Calls.Count;
        var again = await InstanceAcquisition.RunAsync(account, account, account, Instance, Options(memoryTo: null), Now.AddHours(1), execute: true);
        Assert.Equal(["done", "already in place", "already in place", "already in place", "done", "already in place", "already in place", "skipped"],
            again.Actions.Select(a => a.Outcome));
        Assert.All(server.Calls.Skip(before), c => Assert.Matches("^(Describe|Get)", c.Action));
        Assert.True(File.Exists(_temp.Combine("acquired", $"{Instance}-acquisition.2.json"))); // the first record is kept
    }

    [Fact]
    public async Task A_failed_memory_capture_is_reported_with_the_instance_s_error_and_the_manifest_says_incomplete()
    {
        using var server = new FakeAwsServer(Snapshot) { CommandStatus = "Failed", CommandOutput = "" };
        var account = InstanceContainmentTests.Connect(server);

        var plan = await InstanceAcquisition.RunAsync(account, account, account, Instance, Options(), Now, execute: true);

        Assert.True(plan.Failed);
        Assert.StartsWith("failed: SSM command ", plan.Actions[^1].Outcome);
        Assert.Contains("Failed, exit code 1", plan.Actions[^1].Outcome);
        Assert.Contains("avml: command not found", plan.Actions[^1].Outcome);
        Assert.Equal("done", plan.Actions[^2].Outcome); // the snapshots before it were taken
        var manifest = JsonDocument.Parse(File.ReadAllText(_temp.Combine("acquired", $"{Instance}-acquisition.json"))).RootElement;
        Assert.False(manifest.GetProperty("completed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, manifest.GetProperty("memory").ValueKind);
    }

    [Fact]
    public async Task One_step_alone_does_only_that_step_and_an_unknown_step_is_named()
    {
        using var server = new FakeAwsServer(Snapshot);
        var account = InstanceContainmentTests.Connect(server);

        var plan = await InstanceAcquisition.RunAsync(account, account, account, Instance, Options() with { Steps = ["termination-protection"] }, Now, execute: true);
        var unknown = await Assert.ThrowsAsync<AwsActionException>(() =>
            InstanceAcquisition.RunAsync(account, account, account, Instance, Options() with { Steps = ["snapshot"] }, Now, execute: true));

        Assert.Equal(["act as", "termination protection"], plan.Actions.Select(a => a.Action));
        Assert.Equal(["ModifyInstanceAttribute"], server.Actions.Where(a => !a.StartsWith("Describe", StringComparison.Ordinal) && !a.StartsWith("Get", StringComparison.Ordinal)));
        Assert.True(server.TerminationProtection);
        Assert.Equal("terminate", server.ShutdownBehavior);
        Assert.StartsWith("--step snapshot: not a step; the steps are termination-protection, shutdown-behaviour, tag, volumes, keep-volumes, snapshots, memory", unknown.Message);
    }

    [Theory]
    [InlineData("s3://bucket/x';rm -rf /;'")]
    [InlineData("s3://bucket/$(id).lime")]
    [InlineData("https://bucket.s3.amazonaws.com/x.lime")]
    [InlineData("s3://bucket/")]
    public async Task A_destination_that_is_not_a_plain_S3_uri_is_refused_before_any_call(string destination)
    {
        using var server = new FakeAwsServer(Snapshot);
        var account = InstanceContainmentTests.Connect(server);

        var e = await Assert.ThrowsAsync<AwsActionException>(() => InstanceAcquisition.RunAsync(account, account, account, Instance, Options(destination), Now, execute: true));

        Assert.StartsWith($"--memory-to {destination}: give an S3 URI", e.Message);
        Assert.Empty(server.Calls);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_memory_script_run_by_bash_uploads_the_image_and_its_sha256_and_leaves_no_copy()
    {
        var bin = Directory.CreateDirectory(_temp.Combine("bin")).FullName;
        var bucket = Directory.CreateDirectory(_temp.Combine("s3")).FullName;
        var scratch = Directory.CreateDirectory(_temp.Combine("scratch")).FullName;
        // Stand-ins: avml writes an image; aws s3 cp copies into a folder named like the bucket.
        File.WriteAllText(Path.Combine(bin, "avml"), "#!/bin/sh\nhead -c 70000 /dev/urandom > \"$1\"\n");
        File.WriteAllText(Path.Combine(bin, "aws"), $"#!/bin/sh\n[ \"$1 $2 $3\" = 's3 cp --only-show-errors' ] || exit 9\nd=\"{bucket}/${{5#s3://}}\"\nmkdir -p \"$(dirname \"$d\")\" && cp \"$4\" \"$d\"\n");
        foreach (var tool in new[] { "avml", "aws" })
        {
            File.SetUnixFileMode(Path.Combine(bin, tool), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var script = string.Join("\n", MemoryCaptureScript.Lines("avml", null, MemoryTo, scratch));
        var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        var errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();

        Assert.True(bash.ExitCode == 0, errors);
        var image = Path.Combine(bucket, "ir-evidence-111122223333", "case-1", "i-0c7d2e91b4a6f3508.lime");
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(image)));
        Assert.Equal($"{sha}  i-0c7d2e91b4a6f3508.lime\n", File.ReadAllText(image + ".sha256"));
        Assert.Equal((sha, 70000L, MemoryTo), MemoryCaptureScript.Result(output));
        Assert.Empty(Directory.GetFileSystemEntries(scratch));
    }
}
