namespace EksIr.Cli.Tests.Acquisition;

/// <summary><c>eksir acquire node</c>: hostile destinations refused before a script exists; --execute in a case sends it through the loopback SSM and journals the archive's hash.</summary>
public sealed class AcquireNodeVerbTests : IDisposable
{
    private const string To = "s3://ir-evidence-111122223333/case-1/node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz";
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("s3://ir-evidence/case-1/node/x'; touch PWNED; '.tar.gz")]
    [InlineData("s3://ir-evidence/case-1/node/$(touch PWNED).tar.gz")]
    [InlineData("s3://ir-evidence/case 1/node/x.tar.gz")]
    public async Task A_hostile_destination_is_one_clear_error_and_no_script(string destination)
    {
        var result = await ProcessRun.EksirAsync(_temp.Path, "acquire", "node", "--to", destination, "--print-script");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Contains($"--to {destination}: give an S3 URI for the node archive ending in .tar.gz", result.StdErr);
        Assert.False(File.Exists(_temp.Combine("PWNED")));
    }

    [Fact]
    public async Task Execute_in_a_case_sends_the_script_through_ssm_and_journals_the_archive_s_uri_and_sha256()
    {
        var sha = new string('d', 64);
        using var server = new FakeAwsServer(Repo.Path("sample-data", "incident-1", "aws"))
        {
            CommandOutput = $"eksir-node sha256={sha} bytes=123456 uri={To} tar=0 missing=var/lib/docker\n",
        };
        var credentials = _temp.Combine("credentials");
        File.WriteAllText(credentials, $"[ir]\naws_access_key_id = {FakeAwsServer.AccessKey}\naws_secret_access_key = {FakeAwsServer.SecretKey}\n");
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_CONFIG_FILE"] = _temp.Combine("no-config"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        var journal = _temp.Combine("case", "journal.jsonl");
        var opened = await Eksir(environment, ["case", "open", "--name", "INC-16", "--evidence", Directory.CreateDirectory(_temp.Combine("evidence")).FullName, "--journal", journal]);
        Assert.True(opened.ExitCode == 0, opened.ToString());

        var result = await Eksir(environment, ["acquire", "node", "i-0c7d2e91b4a6f3508", "--to", To, "--root", "/mnt/inc-16/nvme1n1p1",
            "--profile", "ir", "--region", "us-west-2", "--endpoint-url", server.Url, "--execute", "--journal", journal]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{To}, 123456 bytes, sha256 {sha}", result.StdOut);
        var (lines, _) = Assert.Single(server.Commands.Values);
        Assert.Contains("root='/mnt/inc-16/nvme1n1p1'", lines);
        var entry = new EksIr.Core.Cases.CaseJournal(journal).Read().Entries[^1];
        Assert.Equal(("acquire node", EksIr.Core.Cases.JournalOutcome.Ok, "true"), (entry.Verb, entry.Outcome, entry.Options["--execute"]));
        Assert.Contains($"archive: SSM command ", entry.Summary);
        Assert.Contains($"sha256 {sha}", entry.Summary);
        Assert.True(File.Exists(_temp.Combine("case", "acquired", "aws", "ip-192-168-23-107.us-west-2.compute.internal-collection.json")));
    }

    [Fact]
    public async Task In_a_case_the_instance_is_taken_from_the_case_unless_one_is_named()
    {
        // The node's instance as the kubelet registered it (spec.providerID aws:///<zone>/<id>) in the sample's kubectl snapshot.
        using var nodes = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Repo.Path("sample-data", "incident-1", "cluster", "nodes.json")));
        var instance = nodes.RootElement.GetProperty("items").EnumerateArray()
            .Select(n => n.GetProperty("spec").GetProperty("providerID").GetString()!.Split('/')[^1])
            .First(id => id.StartsWith("i-0c7d", StringComparison.Ordinal));
        const string analysis = "i-0f3e9a1c7b2d45e60";
        var journal = _temp.Combine("case", "journal.jsonl");
        var opened = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-16", "--evidence", Directory.CreateDirectory(_temp.Combine("evidence")).FullName,
            "--journal", journal);
        Assert.True(opened.ExitCode == 0, opened.ToString());

        var none = await ProcessRun.EksirAsync(_temp.Path, "acquire", "node", "--to", To, "--journal", journal);
        var confirm = await ProcessRun.EksirAsync(_temp.Path, "case", "confirm", "--instance", instance, "--source", "the node's spec.providerID", "--journal", journal);
        var fromCase = await ProcessRun.EksirAsync(_temp.Path, "acquire", "node", "--to", To, "--journal", journal);
        var named = await ProcessRun.EksirAsync(_temp.Path, "acquire", "node", analysis, "--root", "/mnt/INC-16/vol-0abc/p1", "--to", To, "--journal", journal);

        Assert.True(confirm.ExitCode == 0, confirm.ToString());
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Contains($"== collect node / on the machine it is run on → {To}", none.StdOut); // nothing in the case: the script is run by hand
        Assert.True(fromCase.ExitCode == 0, fromCase.ToString());
        Assert.Contains($"instance {instance}: taken from the case (confirmed from the node's spec.providerID)", fromCase.StdErr);
        Assert.Contains($"== collect node / on {instance} → {To}", fromCase.StdOut);
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.DoesNotContain("taken from the case", named.StdErr);
        Assert.Contains($"== collect node /mnt/INC-16/vol-0abc/p1 on {analysis} → {To}", named.StdOut);
        var entries = new EksIr.Core.Cases.CaseJournal(journal).Read().Entries.Where(e => e.Verb == "acquire node").ToList();
        Assert.Equal(new string?[] { null, instance, analysis }, entries.Select(e => e.Options.GetValueOrDefault("--id")));
    }

    private static Task<ProcessResult> Eksir(Dictionary<string, string> environment, string[] args) =>
        ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "eksir.dll"), .. args], Repo.Path(), TimeSpan.FromMinutes(2), environment);
}
