using System.Text.Json;
using EksIr.Cloud.Aws;

namespace EksIr.Core.Tests.Aws;

/// <summary>
/// <c>acquire node</c>'s plan against the loopback SSM endpoint: a dry run sends nothing and shows the script; execute
/// sends exactly the script, reads the archive's hash back and writes it to the manifest; a failed run says why. And
/// destinations or roots that would reach the shell are refused before anything is sent. (The script itself is run for
/// real against nodes made by containerd and dockerd in EksIr.Cli.Tests' NodeCollectionScriptTests.)
/// </summary>
public sealed class NodeCollectionTests : IDisposable
{
    private static readonly string Snapshot = Repo.Path("sample-data", "incident-1", "aws");
    private const string Instance = "i-0c7d2e91b4a6f3508";
    private const string To = "s3://ir-evidence-111122223333/case-1/node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz";
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 8, 30, 0, TimeSpan.Zero);
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private NodeCollectionOptions Options(string to = To, string root = "/") =>
        new(to, root, "case-1", _temp.Combine("acquired"), PollInterval: TimeSpan.FromMilliseconds(10));

    [Fact]
    public async Task The_dry_run_shows_the_whole_script_and_sends_nothing()
    {
        using var server = new FakeAwsServer(Snapshot);
        var account = InstanceContainmentTests.Connect(server);

        var plan = await NodeCollection.RunAsync(account, Instance, Options(root: "/mnt/case-1/nvme1n1p1"), Now, execute: false);

        var step = Assert.Single(plan.Actions);
        Assert.Equal(("collect node", "planned (dry run)"), (step.Action, step.Outcome));
        Assert.Contains(string.Join("\n", NodeCollectionScript.Lines(To, "/mnt/case-1/nvme1n1p1")), step.Detail);
        Assert.Contains("root='/mnt/case-1/nvme1n1p1'", step.Detail);
        Assert.Contains($"to='{To}'", step.Detail);
        Assert.Empty(server.Calls);
        Assert.False(Directory.Exists(_temp.Combine("acquired")));
    }

    [Fact]
    public async Task Execute_sends_the_script_through_ssm_reads_the_hash_back_and_writes_the_manifest()
    {
        var sha = new string('b', 64);
        using var server = new FakeAwsServer(Snapshot)
        {
            CommandOutput = $"eksir-node sha256={sha} bytes=6268239 uri={To} tar=1 missing=var/lib/docker,etc/eks\n",
        };
        var account = InstanceContainmentTests.Connect(server);
        var progress = new List<string>();

        var plan = await NodeCollection.RunAsync(account, Instance, Options(), Now, execute: true, new SyncProgress(progress.Add));

        var step = Assert.Single(plan.Actions);
        Assert.True(step.Outcome == "done", step.Outcome);
        Assert.Contains($"{To}, 6268239 bytes, sha256 {sha}", step.Detail);
        Assert.Contains("some files changed while they were read", step.Detail);
        Assert.Contains("not on the node: var/lib/docker, etc/eks", step.Detail);
        var (lines, _) = Assert.Single(server.Commands.Values);
        Assert.Equal(NodeCollectionScript.Lines(To), lines);
        Assert.Equal(["SendCommand", "GetCommandInvocation", "GetCommandInvocation", "GetCommandInvocation"], server.Actions);
        Assert.Contains(progress, p => p.Contains("InProgress", StringComparison.Ordinal));
        using var manifest = JsonDocument.Parse(File.ReadAllText(_temp.Combine("acquired", "ip-192-168-23-107.us-west-2.compute.internal-collection.json")));
        Assert.Equal(sha, manifest.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(To, manifest.RootElement.GetProperty("uri").GetString());
        Assert.Equal(Instance, manifest.RootElement.GetProperty("instanceId").GetString());
        Assert.True(manifest.RootElement.GetProperty("completed").GetBoolean());
    }

    [Fact]
    public async Task A_failed_collection_is_reported_with_the_instance_s_error_and_the_manifest_says_incomplete()
    {
        using var server = new FakeAwsServer(Snapshot) { CommandStatus = "Failed", CommandOutput = "" };
        var account = InstanceContainmentTests.Connect(server);

        var plan = await NodeCollection.RunAsync(account, Instance, Options(), Now, execute: true);

        Assert.True(plan.Failed);
        Assert.StartsWith("failed: SSM command ", plan.Actions[0].Outcome);
        Assert.Contains($"on {Instance}: Failed, exit code 1", plan.Actions[0].Outcome);
        using var manifest = JsonDocument.Parse(File.ReadAllText(_temp.Combine("acquired", "ip-192-168-23-107.us-west-2.compute.internal-collection.json")));
        Assert.False(manifest.RootElement.GetProperty("completed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, manifest.RootElement.GetProperty("sha256").ValueKind);
    }

    [Fact]
    public async Task Execute_without_an_instance_is_refused_before_anything_is_sent()
    {
        using var server = new FakeAwsServer(Snapshot);
        var account = InstanceContainmentTests.Connect(server);

        var e = await Assert.ThrowsAsync<AwsActionException>(() => NodeCollection.RunAsync(account, null, Options(), Now, execute: true));

        Assert.Contains("give the instance (--id)", e.Message);
        Assert.Empty(server.Calls);
    }

    [Theory]
    [InlineData("s3://ir-evidence/case-1/node/a'b.tar.gz")]
    [InlineData("s3://ir-evidence/case-1/node/$(touch pwned).tar.gz")]
    [InlineData("s3://ir-evidence/case-1/node/`id`.tar.gz")]
    [InlineData("s3://ir-evidence/case 1/node/a.tar.gz")]
    [InlineData("s3://ir-evidence/case-1/node/a.tar.gz; rm -rf /")]
    [InlineData("s3://ir-evidence/case-1/node/a.tar.gz\n.tar.gz")]
    [InlineData("s3://ir-evidence/case-1/node/a.tar")]
    [InlineData("https://ir-evidence.s3.amazonaws.com/node/a.tar.gz")]
    public async Task A_destination_that_could_reach_the_shell_is_refused_before_anything_is_sent(string destination)
    {
        using var server = new FakeAwsServer(Snapshot);
        var account = InstanceContainmentTests.Connect(server);

        var e = await Assert.ThrowsAsync<AwsActionException>(() => NodeCollection.RunAsync(account, Instance, Options(to: destination), Now, execute: true));

        Assert.StartsWith($"--to {destination}: give an S3 URI for the node archive ending in .tar.gz", e.Message);
        Assert.Empty(server.Calls);
    }

    [Theory]
    [InlineData("/mnt/case 1/vol")]
    [InlineData("/mnt/$(reboot)")]
    [InlineData("/mnt/'x")]
    [InlineData("/mnt/case-1/../../etc")]
    [InlineData("mnt/case-1")]
    [InlineData("")]
    public void A_root_that_could_reach_the_shell_or_climb_out_is_refused(string root)
    {
        var e = Assert.Throws<AwsActionException>(() => NodeCollectionScript.Lines(To, root));

        Assert.StartsWith($"--root {root}: give an absolute path of letters, digits", e.Message);
    }

    [Fact]
    public void The_result_line_is_read_back_and_a_run_that_printed_none_has_no_result()
    {
        var sha = new string('c', 64);

        var result = NodeCollectionScript.Result($"some output\neksir-node sha256={sha} bytes=42 uri={To} tar=0 missing=-\n");

        Assert.Equal((sha, 42L, To, 0), (result!.Sha256, result.Bytes, result.Uri, result.TarExit));
        Assert.Empty(result.Missing);
        Assert.Null(NodeCollectionScript.Result("tar: fatal error\n"));
    }
}
