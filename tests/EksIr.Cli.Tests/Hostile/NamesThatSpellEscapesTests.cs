using System.Text.Json;

namespace EksIr.Cli.Tests.Hostile;

/// <summary>
/// Evidence whose names and contents merely <em>spell</em> <c>\x2e\x2e\x2f</c> (backslash, x, 2, e …: valid UTF-8
/// text): a verb must read those names as the characters they are, never decode them into "../" and read the
/// analysis host's files. Each case plants a canary outside the evidence that an escape would print.
/// </summary>
public sealed class NamesThatSpellEscapesTests : IDisposable
{
    private const string Up = "\\x2e\\x2e\\x2f"; // the twelve characters \x2e\x2e\x2f, as an attacker writes them
    private const string Canary = "HOST-CANARY-7f3e";
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_lower_entry_that_spells_dot_dot_slash_is_refused_not_read_on_the_host()
    {
        var node = DockerNode(mountId: "a1b2c3", lower: "l/" + string.Concat(Enumerable.Repeat(Up, 6)) + "outside-layer");
        _temp.Write("outside-layer/secret.txt", Canary + "\n");

        var result = await ProcessRun.EksirAsync(_temp.Path, "cat", node, "--container", "web", "/secret.txt");

        Assert.DoesNotContain(Canary, result.StdOut + result.StdErr);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("lower", result.StdErr);
    }

    [Fact]
    public async Task A_mount_id_that_spells_dot_dot_slash_is_a_name_not_a_way_out()
    {
        var node = DockerNode(mountId: string.Concat(Enumerable.Repeat(Up, 5)) + "outside-layer", lower: null);
        _temp.Write("outside-layer/diff/secret.txt", Canary + "\n");

        var cat = await ProcessRun.EksirAsync(_temp.Path, "cat", node, "--container", "web", "/secret.txt");
        var diff = await ProcessRun.EksirAsync(_temp.Path, "diff", node, "--container", "web", "--json");

        Assert.DoesNotContain(Canary, cat.StdOut + cat.StdErr);
        Assert.DoesNotContain("secret.txt", diff.StdOut);
        Assert.NotEqual(0, cat.ExitCode);
        Assert.Contains("layer directory", cat.StdErr);
    }

    [Fact]
    public async Task A_folder_named_like_an_escape_is_read_as_itself_by_every_walking_verb()
    {
        // A GuardDuty folder holding a folder literally named "\x2e\x2e\x2f\x2e\x2e" with a finding in it, and a
        // canary finding of the same file name two levels above the case, where "../../finding.json" would lead.
        var evidence = _temp.Combine("case");
        _temp.Write($"case/guardduty/{Up}\\x2e\\x2e/finding.json", Finding("Inside:Evidence/Finding"));
        _temp.Write("finding.json", Finding("Canary:Host/Read"));

        var guardduty = await ProcessRun.EksirAsync(_temp.Path, "guardduty", Path.Combine(evidence, "guardduty"), "--json");
        var opened = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-ESCAPE", "--evidence", evidence,
            "--case-dir", _temp.Combine("cases", "INC-ESCAPE"), "--hash", "--json");

        Assert.True(guardduty.ExitCode == 0, guardduty.ToString());
        Assert.Contains("Inside:Evidence/Finding", guardduty.StdOut);
        Assert.DoesNotContain("Canary:Host/Read", guardduty.StdOut);
        Assert.True(opened.ExitCode == 0, opened.ToString());
        var journal = File.ReadAllText(_temp.Combine("cases", "INC-ESCAPE", "journal.jsonl"));
        Assert.Contains("\\\\x5cx2e", journal); // the folder's backslashes shown escaped in the journal's JSON
        Assert.DoesNotContain(Sha256(_temp.Combine("finding.json")), journal);
        Assert.Contains(Sha256(_temp.Combine("case", "guardduty", $"{Up}\\x2e\\x2e", "finding.json")), journal);
    }

    [Fact]
    public async Task CloudTrail_and_the_super_timeline_query_a_folder_named_like_an_escape_as_itself()
    {
        var evidence = _temp.Combine("case");
        _temp.Write($"case/cloudtrail/{Up}\\x2e\\x2e/events.json", Trail("InsideEvidenceEvent"));
        _temp.Write("events.json", Trail("CanaryOutsideEvent"));

        var sql = await ProcessRun.EksirAsync(_temp.Path, "sql", "--cloudtrail", Path.Combine(evidence, "cloudtrail"), "--json",
            "SELECT eventname FROM cloudtrail");
        var timeline = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", evidence, "--json");

        Assert.True(sql.ExitCode == 0, sql.ToString());
        Assert.Contains("InsideEvidenceEvent", sql.StdOut);
        Assert.DoesNotContain("CanaryOutsideEvent", sql.StdOut + sql.StdErr);
        Assert.True(timeline.ExitCode == 0, timeline.ToString());
        Assert.Contains("InsideEvidenceEvent", timeline.StdOut);
        Assert.DoesNotContain("CanaryOutsideEvent", timeline.StdOut + timeline.StdErr);
    }

    private static string Trail(string eventName) => JsonSerializer.Serialize(new
    {
        Records = new[]
        {
            new
            {
                eventVersion = "1.08", eventTime = "2026-11-29T06:00:00Z", eventName, eventSource = "ec2.amazonaws.com",
                awsRegion = "us-west-2", sourceIPAddress = "198.51.100.7", eventID = "7d2c" + eventName.Length,
                userIdentity = new { type = "IAMUser", arn = "arn:aws:iam::111122223333:user/intern", accessKeyId = "AKIAEXAMPLEKEY000001" },
            },
        },
    });

    private static string Sha256(string file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));

    private static string Finding(string type) => JsonSerializer.Serialize(new
    {
        findings = new[]
        {
            new
            {
                accountId = "111122223333", id = "f1", type, severity = 5.0, createdAt = "2026-11-29T06:24:41.311Z",
                updatedAt = "2026-11-29T06:24:41.311Z", region = "us-west-2",
                resource = new { resourceType = "Instance", instanceDetails = new { instanceId = "i-0123456789abcdef0" } },
            },
        },
    });

    private string DockerNode(string mountId, string? lower) => HandMadeDockerNode.Write(_temp, mountId, lower);
}
