using EksIr.Tests;

namespace EksIr.Cli.Tests.Cases;

/// <summary>
/// The report says a step was undone when a later run of its plan found it no longer in place: here termination
/// protection, set on the loopback AWS endpoint, then turned off as the step's own undo line would (the endpoint's state
/// changed by hand, as an analyst running that AWS CLI line changes the account).
/// </summary>
public sealed class ActionUndoneTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_step_executed_then_found_not_in_place_is_reported_undone_with_when_it_was_checked()
    {
        var evidence = Repo.Path("sample-data", "incident-1");
        using var aws = new FakeAwsServer(Path.Combine(evidence, "aws"));
        var env = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = FakeAwsServer.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = FakeAwsServer.SecretKey };
        var journal = _temp.Combine("cases", "INC-UNDO", "journal.jsonl");
        Task<ProcessResult> Eksir(params string[] args) =>
            ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "eksir.dll"), .. args], _temp.Path, TimeSpan.FromMinutes(5), env);
        string[] step = ["acquire", "instance", aws.InstanceId, "--step", "termination-protection", "--region", "us-west-2", "--endpoint-url", aws.Url, "--journal", journal];

        Assert.Equal(0, (await Eksir("case", "open", "--name", "INC-UNDO", "--evidence", evidence)).ExitCode);
        var executed = await Eksir([.. step, "--execute"]);
        Assert.True(executed.ExitCode == 0, executed.ToString());
        Assert.True(aws.TerminationProtection);
        var kept = await Eksir(step); // still in place: the report keeps it executed
        Assert.True(kept.ExitCode == 0, kept.ToString());
        await Eksir("case", "report", "--journal", journal, "--out", "report.html");
        var before = Steps(File.ReadAllText(_temp.Combine("report.md")));
        Assert.Contains($"| acquire instance | termination protection | {aws.InstanceId} | executed |", before);
        Assert.DoesNotContain("undone", before);

        aws.TerminationProtection = false; // aws ec2 modify-instance-attribute --no-disable-api-termination, the step's undo
        var checkedAgain = await Eksir(step);
        Assert.True(checkedAgain.ExitCode == 0, checkedAgain.ToString());
        await Eksir("case", "report", "--journal", journal, "--out", "report.html");

        var after = Steps(File.ReadAllText(_temp.Combine("report.md")));
        Assert.Matches($@"\| acquire instance \| termination protection \| {aws.InstanceId} \| undone: not in place when checked at 20[0-9-]+T[0-9:]+(\.[0-9]+)?Z \|", after);
        Assert.Contains($"| acquire instance | termination protection | {aws.InstanceId} | dry run only |", after);
    }

    private static string Steps(string markdown) =>
        markdown[markdown.IndexOf("### Containment and acquisition steps", StringComparison.Ordinal)..markdown.IndexOf("### Journal", StringComparison.Ordinal)];
}
