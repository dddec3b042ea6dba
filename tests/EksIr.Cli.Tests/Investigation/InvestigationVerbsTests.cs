using System.Text.Json;

namespace EksIr.Cli.Tests.Investigation;

/// <summary>eksir supertimeline, entity and check on the training incident, through the real eksir.</summary>
public sealed class InvestigationVerbsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample() => Repo.Path("sample-data", "incident-1");

    [Fact]
    public async Task Supertimeline_prints_json_timesketch_and_csv_of_the_same_rows()
    {
        string[] window = ["--start", "2026-11-29T06:19:00Z", "--end", "2026-11-29T06:27:00Z"];
        var json = await ProcessRun.EksirAsync(_temp.Path, ["supertimeline", Sample(), .. window, "--json"]);
        var sketch = await ProcessRun.EksirAsync(_temp.Path, ["supertimeline", Sample(), .. window, "--format", "timesketch"]);
        var csv = await ProcessRun.EksirAsync(_temp.Path, ["supertimeline", Sample(), .. window, "--format", "csv", "--source", "cloudtrail"]);
        var table = await ProcessRun.EksirAsync(_temp.Path, ["supertimeline", Sample(), .. window, "--entity", "ASIA5NODEROLE7STOLEN"]);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.StdOut);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.All(rows, r => Assert.InRange(r.GetProperty("time").GetString()!, "2026-11-29T06:19:00", "2026-11-29T06:27:00Z"));
        var exec = rows.First(r => r.GetProperty("action").GetString() == "create pods/exec");
        Assert.Equal("k8s-audit", exec.GetProperty("source").GetString());
        Assert.Contains(exec.GetProperty("entities").EnumerateArray(), e => e.GetProperty("kind").GetString() == "pod" && e.GetProperty("value").GetString() == "default/sysdiag");
        Assert.StartsWith("control-plane", exec.GetProperty("evidence").GetProperty("file").GetString());
        Assert.Equal(rows.Count, sketch.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(rows.Count(r => r.GetProperty("source").GetString() == "cloudtrail") + 1, csv.StdOut.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("ec2:RunInstances by assumed-role/eksctl-eksworkshop-eksctl-nodegroup-ng-1-NodeInstanceRole/i-0c7d2e91b4a6f3508 from 203.0.113.50", table.StdOut);
        Assert.Contains("rows naming access-key:ASIA5NODEROLE7STOLEN", table.StdErr);
    }

    [Fact]
    public async Task Entity_json_is_the_chain_and_a_bad_identifier_or_option_is_one_clear_line()
    {
        var chain = await ProcessRun.EksirAsync(_temp.Path, "entity", Sample(), "5120", "--hops", "1", "--json");
        var unknown = await ProcessRun.EksirAsync(_temp.Path, "entity", Sample(), "8e1f");
        var badTime = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--start", "yesterday");
        var badSource = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--source", "syslog");

        Assert.True(chain.ExitCode == 0, chain.ToString());
        using var doc = JsonDocument.Parse(chain.StdOut);
        var steps = doc.RootElement.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(("pid", "5120"), (steps[0].GetProperty("entity").GetProperty("kind").GetString(), steps[0].GetProperty("entity").GetProperty("value").GetString()));
        var container = steps.Single(s => s.GetProperty("entity").GetProperty("value").GetString()!.StartsWith("8e1f2a3b", StringComparison.Ordinal));
        Assert.Equal(1, container.GetProperty("hops").GetInt32());
        Assert.Equal("memory", container.GetProperty("evidence")[0].GetProperty("source").GetString());

        Assert.Equal((1, ""), (unknown.ExitCode, unknown.StdOut));
        Assert.StartsWith("eksir entity: '8e1f' names no entity", unknown.StdErr.TrimEnd().Split('\n')[^1]); // after the progress lines
        Assert.Equal(2, badTime.ExitCode); // a usage error, as for every verb with a window
        Assert.Contains("--start yesterday: not a time", badTime.StdErr);
        Assert.Equal(2, badSource.ExitCode);
        Assert.Contains("--source syslog: not a source", badSource.StdErr);
    }

    [Fact]
    public async Task A_finding_recorded_from_the_command_line_is_journaled_and_written_up_with_its_rows()
    {
        var open = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-31", "--evidence", Sample());
        var journal = _temp.Combine("cases", "INC-31", "journal.jsonl");

        var finding = await ProcessRun.EksirAsync(_temp.Path, "finding", "--journal", journal, "--title", "Node role key used outside", "--entity", "ASIA5NODEROLE7STOLEN", "--json");
        var bad = await ProcessRun.EksirAsync(_temp.Path, "finding", "--journal", journal, "--title", "Nothing", "--rows", "cloudtrail:nosuch");
        var report = await ProcessRun.EksirAsync(_temp.Path, "case", "report", "--journal", journal);

        Assert.True(open.ExitCode == 0, open.ToString());
        Assert.True(finding.ExitCode == 0, finding.ToString());
        using var doc = JsonDocument.Parse(finding.StdOut);
        Assert.Contains(doc.RootElement.GetProperty("evidence").EnumerateArray(), r => r.GetProperty("action").GetString() == "RunInstances");
        Assert.Equal(1, bad.ExitCode);
        Assert.EndsWith("not in the super-timeline: cloudtrail:nosuch", bad.StdErr.TrimEnd());
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains(">1. Node role key used outside <small>", File.ReadAllText(_temp.Combine("cases", "INC-31", "report.html")));
        var verbs = File.ReadAllLines(journal).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("verb").GetString()).ToList();
        Assert.Equal(["case open", "finding", "finding", "case report"], verbs); // the report journaled in its case, as a notebook journals it
        Assert.Contains("\"outcome\":\"failed\"", File.ReadAllLines(journal)[2]);
        Assert.Contains("cloudtrail/AWSLogs/", File.ReadAllLines(journal)[1]); // what the finding's check read
    }

    [Fact]
    public async Task Check_prints_the_expected_value_and_then_says_correct_or_not_yet_by_exit_code()
    {
        var expect = await ProcessRun.EksirAsync(_temp.Path, "check", "7", "5120", "--kind", "number");
        var value = expect.StdOut.Trim();
        var right = await ProcessRun.EksirAsync(_temp.Path, "check", "7", " 5,120 ", "--kind", "number", "--expect", value);
        var wrong = await ProcessRun.EksirAsync(_temp.Path, "check", "7", "5310", "--kind", "number", "--expect", value, "--hint", "the shell under the shim");

        Assert.Matches("^[0-9a-f]{64}$", value);
        Assert.Equal((0, "question 7: correct (5,120)\n"), (right.ExitCode, right.StdOut));
        Assert.Equal((1, "question 7: not yet — '5310' is not the answer; hint: the shell under the shim\n"), (wrong.ExitCode, wrong.StdOut));
        var json = await ProcessRun.EksirAsync(_temp.Path, "check", "7", "", "--kind", "number", "--expect", value, "--json");
        using var doc = JsonDocument.Parse(json.StdOut);
        Assert.Equal(("7", "unanswered"), (doc.RootElement.GetProperty("question").GetString(), doc.RootElement.GetProperty("verdict").GetString()));
    }
}
