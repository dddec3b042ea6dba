using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using EksIr.Cloud.Aws;

namespace EksIr.Core.Tests.Aws;

/// <summary>Instance acquisition against the loopback AWS endpoint: the steps in order (the Auto Scaling group's hold before
/// anything else is changed, memory before the snapshots), exact EC2, Auto Scaling and SSM calls, snapshots waited for with
/// progress, the manifest with snapshot ids and the memory image's hash; and the real memory script run by bash with
/// stand-in avml and aws commands.</summary>
public sealed class InstanceAcquisitionTests : IDisposable
{
    private static readonly string Snapshot = Repo.Path("sample-data", "incident-1", "aws");
    private const string Instance = "i-0c7d2e91b4a6f3508";
    private const string MemoryTo = "s3://ir-evidence-111122223333/case-1/i-0c7d2e91b4a6f3508.lime";
    private const string Group = "eks-ng-1-a4c6e8f0-1b2c-3d4e-5f60-718293a4b5c6";
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

        Assert.Equal(["termination protection", "detach from Auto Scaling group", "shutdown behaviour", "tag instance", "list volumes", "keep volume on termination",
                "capture memory", "snapshot volumes"],
            plan.Actions.Select(a => a.Action));
        Assert.Equal(["planned (dry run)", "planned (dry run)", "planned (dry run)", "planned (dry run)", "done", "planned (dry run)", "planned (dry run)", "planned (dry run)"],
            plan.Actions.Select(a => a.Outcome));
        Assert.Equal("DisableApiTermination: false", plan.Actions[0].Before);
        Assert.Equal($"{Instance} from {Group}", plan.Actions[1].Target);
        Assert.Equal($"in Auto Scaling group {Group}: LifecycleState InService, HealthStatus HEALTHY, ProtectedFromScaleIn false", plan.Actions[1].Before);
        Assert.StartsWith($"aws autoscaling attach-instances --instance-ids {Instance} --auto-scaling-group-name {Group} ", plan.Actions[1].Rollback);
        Assert.Equal("InstanceInitiatedShutdownBehavior: terminate", plan.Actions[2].Before);
        Assert.Equal("eksir:case=case-1, eksir:analyst=analyst, eksir:acquired-at=2026-11-29T08:30:00Z", plan.Actions[3].Detail);
        Assert.Equal("/dev/xvda  vol-0c1d2e3f4a5b6c7d8  80 GiB  DeleteOnTermination=true", plan.Actions[4].Detail);
        Assert.Contains($"aws s3 cp --only-show-errors --expected-size \"$expected\" - '{MemoryTo}' < \"$tmp/upload\"", plan.Actions[6].Detail);
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
        Assert.Equal(["ModifyInstanceAttribute", "DetachInstances", "ModifyInstanceAttribute", "CreateTags", "ModifyInstanceAttribute", "SendCommand", "CreateSnapshots"],
            changes.Select(c => c.Action));
        Assert.Equal("true", changes[0].Parameters["DisableApiTermination.Value"]);
        Assert.Equal(("autoscaling", Group, Instance, "false"), (changes[1].Service, changes[1].Parameters["AutoScalingGroupName"],
            changes[1].Parameters["InstanceIds.member.1"], changes[1].Parameters["ShouldDecrementDesiredCapacity"]));
        Assert.Null(server.AutoScalingGroup);
        Assert.Single(server.Replacements);
        Assert.Equal("stop", changes[2].Parameters["InstanceInitiatedShutdownBehavior.Value"]);
        Assert.Equal(Instance, changes[3].Parameters["ResourceId.1"]);
        Assert.Equal("case-1", server.Tags["eksir:case"]);
        Assert.Equal("2026-11-29T08:30:00Z", server.Tags["eksir:acquired-at"]);
        Assert.Equal("/dev/xvda", changes[4].Parameters["BlockDeviceMapping.1.DeviceName"]);
        Assert.Equal("false", changes[4].Parameters["BlockDeviceMapping.1.Ebs.DeleteOnTermination"]);
        Assert.Equal(Instance, changes[6].Parameters["InstanceSpecification.InstanceId"]);
        Assert.Equal("false", changes[6].Parameters["InstanceSpecification.ExcludeBootVolume"]);
        Assert.Equal("volume", changes[6].Parameters["CopyTagsFromSource"]);
        var send = JsonDocument.Parse(changes[5].Json).RootElement;
        Assert.Equal("AWS-RunShellScript", send.GetProperty("DocumentName").GetString());
        Assert.Equal(Instance, send.GetProperty("InstanceIds")[0].GetString());
        Assert.Equal(MemoryCaptureScript.Lines("avml", null, MemoryTo), send.GetProperty("Parameters").GetProperty("commands").EnumerateArray().Select(l => l.GetString()));
        Assert.All(server.Calls, c => Assert.True(c.Signed, $"{c.Action}: {c.Scope}"));
        Assert.Contains(server.Calls, c => c.Service == "ssm" && c.Scope.StartsWith("ssm/us-west-2", StringComparison.Ordinal));
        Assert.Contains(server.Calls, c => c.Service == "autoscaling" && c.Scope.StartsWith("autoscaling/us-west-2", StringComparison.Ordinal));

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
        Assert.Equal(["done", "already in place", "nothing to do", "already in place", "already in place", "done", "already in place", "skipped", "already in place"],
            again.Actions.Select(a => a.Outcome));
        Assert.StartsWith($"in no Auto Scaling group: no group can scale it in or replace it (its tag aws:autoscaling:groupName names {Group}", again.Actions[2].Detail);
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
        Assert.StartsWith("failed: SSM command ", plan.Actions[^2].Outcome);
        Assert.Contains("Failed, exit code 1", plan.Actions[^2].Outcome);
        Assert.Contains("avml: command not found", plan.Actions[^2].Outcome);
        Assert.EndsWith("(the snapshots come after the memory: take them alone with --step snapshots)", plan.Actions[^2].Outcome);
        Assert.Equal(("snapshot volumes", "not done (an earlier step failed)"), (plan.Actions[^1].Action, plan.Actions[^1].Outcome));
        Assert.DoesNotContain("CreateSnapshots", server.Actions);
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
        Assert.StartsWith("--step snapshot: not a step; the steps are termination-protection, auto-scaling, shutdown-behaviour, tag, volumes, keep-volumes, memory, snapshots", unknown.Message);
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

    [Theory]
    [InlineData(true, "bash")]
    [InlineData(false, "sh")] // SSM's AWS-RunShellScript runs the lines with sh
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_memory_script_streams_the_image_through_a_fifo_to_s3_with_its_sha256_and_leaves_nothing_behind(bool subcommands, string shell)
    {
        var bin = Directory.CreateDirectory(_temp.Combine("bin")).FullName;
        var bucket = Directory.CreateDirectory(_temp.Combine("s3")).FullName;
        var scratch = Directory.CreateDirectory(_temp.Combine("scratch")).FullName;
        // Stand-ins. avml: AVML 0.19+ takes "acquire" and prints "Usage: avml <COMMAND>", earlier releases take the file
        // alone; either way it is given the memory source and writes only if its output is a FIFO (never a file on a disk).
        // aws: s3 cp - URI reads standard input into a folder named like the bucket, the expected size given as a number.
        File.WriteAllText(Path.Combine(bin, "avml"), "#!/bin/sh\n" +
            (subcommands ? "[ \"$1\" = --help ] && { echo 'Usage: avml <COMMAND>'; exit 0; }\n[ \"$1\" = acquire ] || exit 8\nshift\n"
                : "[ \"$1\" = --help ] && { echo 'Usage: avml [OPTIONS] <FILENAME>'; exit 0; }\n") +
            "[ \"$1\" = --source ] && [ -n \"$2\" ] || exit 7\n[ -p \"$3\" ] || exit 9\nhead -c 300000 /dev/urandom > \"$3\"\n");
        File.WriteAllText(Path.Combine(bin, "aws"),
            "#!/bin/sh\n[ \"$1 $2 $3\" = 's3 cp --only-show-errors' ] || exit 9\nshift 3\n" +
            "if [ \"$1\" = --expected-size ]; then case \"$2\" in ''|*[!0-9]*) exit 10;; esac; shift 2; fi\n" +
            $"[ \"$1\" = - ] || exit 11\nd=\"{bucket}/${{2#s3://}}\"\nmkdir -p \"$(dirname \"$d\")\" && cat > \"$d\"\n");
        MakeExecutable(bin, "avml", "aws");
        var lines = MemoryCaptureScript.Lines("avml", null, MemoryTo, scratch);

        var (exit, output, errors) = await Bash(string.Join("\n", lines), bin, shell);

        Assert.True(exit == 0, errors);
        var image = Path.Combine(bucket, "ir-evidence-111122223333", "case-1", "i-0c7d2e91b4a6f3508.lime");
        var bytes = File.ReadAllBytes(image);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(300000, bytes.Length);
        Assert.Equal($"{sha}  i-0c7d2e91b4a6f3508.lime\n", File.ReadAllText(image + ".sha256"));
        Assert.Equal((sha, 300000L, MemoryTo), MemoryCaptureScript.Result(output));
        Assert.Empty(Directory.GetFileSystemEntries(scratch));
    }

    [Fact]
    public async Task The_memory_script_is_valid_shell_and_names_no_place_on_the_node_for_the_image_but_fifos_in_a_ram_folder()
    {
        foreach (var tool in new[] { "avml", "lime" })
        {
            var lines = MemoryCaptureScript.Lines(tool, null, MemoryTo);
            var script = string.Join("\n", lines);

            var check = await ProcessRun.RunAsync("bash", ["-n", "-c", script], _temp.Path, TimeSpan.FromMinutes(1));

            Assert.True(check.ExitCode == 0, check.ToString());
            Assert.Contains("tmp=$(mktemp -d '/run'/eksir-memory.XXXXXX)", lines);
            Assert.Contains("mkfifo -m 600 \"$tmp/image\" \"$tmp/hashed\" \"$tmp/counted\" \"$tmp/upload\"", lines);
            Assert.DoesNotContain("/var/tmp", script);
            // No local image file: .lime is only in the S3 URI and the name the sidecar gives the image.
            Assert.DoesNotContain(".lime", script.Replace(MemoryTo, "", StringComparison.Ordinal).Replace("'i-0c7d2e91b4a6f3508.lime'", "", StringComparison.Ordinal));
            Assert.DoesNotContain("--url", script); // AVML's upload of a presigned URL reads a local file
        }

        Assert.Contains("path=tcp:$port localhostonly=1 format=lime", string.Join("\n", MemoryCaptureScript.Lines("lime", null, MemoryTo)));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_capture_that_fails_ends_the_script_with_the_reason_and_no_result_line_instead_of_waiting()
    {
        var bin = Directory.CreateDirectory(_temp.Combine("bin")).FullName;
        var scratch = Directory.CreateDirectory(_temp.Combine("scratch")).FullName;
        // avml refuses before it opens its output (as with kernel lockdown): the readers must still see the end.
        File.WriteAllText(Path.Combine(bin, "avml"), "#!/bin/sh\n[ \"$1\" = --help ] && exit 0\necho 'unable to read physical memory' >&2\nexit 1\n");
        File.WriteAllText(Path.Combine(bin, "aws"), "#!/bin/sh\ncat > /dev/null\n");
        MakeExecutable(bin, "avml", "aws");

        var (failed, output, errors) = await Bash(string.Join("\n", MemoryCaptureScript.Lines("avml", null, MemoryTo, scratch)), bin);
        var (missing, _, notFound) = await Bash(string.Join("\n", MemoryCaptureScript.Lines("avml", "/nowhere/avml", MemoryTo, scratch)), bin);

        Assert.Equal(1, failed);
        Assert.Contains("unable to read physical memory", errors);
        Assert.Contains($"memory capture failed: {MemoryTo} holds an incomplete image, not evidence", errors);
        Assert.Null(MemoryCaptureScript.Result(output));
        Assert.Equal(127, missing);
        Assert.Contains("/nowhere/avml: not found on the instance", notFound);
        Assert.Empty(Directory.GetFileSystemEntries(scratch));
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static void MakeExecutable(string bin, params string[] tools)
    {
        foreach (var tool in tools)
        {
            File.SetUnixFileMode(Path.Combine(bin, tool), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The script run by the shell with the stand-ins first on PATH; a script that hangs fails the test after minutes instead of hanging it.</summary>
    private static async Task<(int Exit, string Output, string Errors)> Bash(string script, string bin, string shell = "bash")
    {
        var start = new ProcessStartInfo(shell, ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await bash.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("the memory script did not end");
        }

        return (bash.ExitCode, await output, await errors);
    }
}
