using System.Text.Json;
using System.Text.Json.Nodes;
using EksIr.Core.Evidence;
using EksIr.Logs.CloudTrail;

namespace EksIr.Logs.Tests;

/// <summary>
/// CloudTrail in the forms an analyst is handed besides S3's files: one event as AWS's documentation prints it,
/// <c>aws cloudtrail lookup-events</c> output, events printed one after another by jq; a folder with no CloudTrail in
/// it; junk beside CloudTrail.
/// </summary>
public sealed class CloudTrailLayoutsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// The shape of the IAM User Guide's example "CloudTrail log entry for AssumeRoleWithWebIdentity"
    /// (docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#stscloudtrailexample_web-identity), built
    /// here because the page is CC-BY-SA; the values are the documentation's.
    /// </summary>
    private static JsonObject DocumentedEvent() => new()
    {
        ["eventVersion"] = "1.05",
        ["userIdentity"] = new JsonObject
        {
            ["type"] = "WebIdentityUser",
            ["principalId"] = "accounts.google.com:<id-of-application>.apps.googleusercontent.com:<id-of-user>",
            ["userName"] = "<id of user>",
            ["identityProvider"] = "accounts.google.com",
        },
        ["eventTime"] = "2016-03-23T01:39:51Z",
        ["eventSource"] = "sts.amazonaws.com",
        ["eventName"] = "AssumeRoleWithWebIdentity",
        ["awsRegion"] = "us-east-2",
        ["sourceIPAddress"] = "192.0.2.101",
        ["userAgent"] = "aws-cli/1.3.23 Python/2.7.6 Linux/2.6.18-164.el5",
        ["requestParameters"] = new JsonObject
        {
            ["sourceIdentity"] = "MyWebIdentityUser",
            ["durationSeconds"] = 3600,
            ["roleArn"] = "arn:aws:iam::444455556666:role/FederatedWebIdentityRole",
            ["roleSessionName"] = "MyAssignedRoleSessionName",
        },
        ["responseElements"] = new JsonObject
        {
            ["provider"] = "accounts.google.com",
            ["credentials"] = new JsonObject { ["accessKeyId"] = "ASIACQRSTUVWRAOEXAMPLE", ["expiration"] = "Mar 23, 2016, 2:39:51 AM" },
        },
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private const string Columns = "SELECT eventname, eventtime, useridentity.type AS who, sourceipaddress, \"$path\" AS file FROM cloudtrail ORDER BY eventtime";

    [Fact]
    public void A_json_file_holding_one_event_as_the_documentation_prints_it_is_that_one_event()
    {
        _temp.Write("ct/assume-role-with-web-identity.json", DocumentedEvent().ToJsonString(Indented));
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Combine("ct")), "");

        var result = trail.Query(Columns);

        var row = Assert.Single(result.Rows);
        Assert.Equal(("AssumeRoleWithWebIdentity", "2016-03-23T01:39:51Z", "WebIdentityUser", "192.0.2.101", "assume-role-with-web-identity.json"),
            ((string?)row[0], (string?)row[1], (string?)row[2], (string?)row[3], (string?)row[4]));
        Assert.Empty(result.Scan.Skipped);
    }

    [Fact]
    public void Events_printed_one_after_another_by_jq_are_each_read()
    {
        var second = DocumentedEvent();
        second["eventTime"] = "2016-03-23T01:40:00Z";
        second["eventName"] = "GetCallerIdentity";
        _temp.Write("ct/jq.json", DocumentedEvent().ToJsonString(Indented) + "\n" + second.ToJsonString(Indented) + "\n");
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Combine("ct")), "");

        var result = trail.Query(Columns);

        Assert.Equal(["AssumeRoleWithWebIdentity", "GetCallerIdentity"], result.Rows.Select(r => (string?)r[0]));
        Assert.Equal(CloudTrailLayout.Event, Assert.Single(trail.Files).Layout);
    }

    /// <summary>
    /// <c>aws cloudtrail lookup-events</c> output as the AWS CLI reference describes it: Events[] with EventId, EventName,
    /// ReadOnly, AccessKeyId, EventTime, EventSource, Username, Resources and CloudTrailEvent, "a JSON string that
    /// contains a representation of the event returned"; NextToken when there is more.
    /// </summary>
    [Fact]
    public void Lookup_events_output_is_read_from_each_events_CloudTrailEvent_string_and_what_is_not_an_event_is_named()
    {
        var lookup = new JsonObject
        {
            ["Events"] = new JsonArray(
                new JsonObject
                {
                    ["EventId"] = "a1b2c3d4-0000-4000-8000-000000000001", ["EventName"] = "AssumeRoleWithWebIdentity", ["ReadOnly"] = "true",
                    ["EventTime"] = "2016-03-23T01:39:51+00:00", ["EventSource"] = "sts.amazonaws.com", ["Username"] = "<id of user>",
                    ["Resources"] = new JsonArray(), ["CloudTrailEvent"] = DocumentedEvent().ToJsonString(),
                },
                new JsonObject { ["EventId"] = "a1b2c3d4-0000-4000-8000-000000000002", ["EventName"] = "ConsoleLogin", ["CloudTrailEvent"] = "{\"eventVersion\": \"1.05\", " },
                new JsonObject { ["EventId"] = "a1b2c3d4-0000-4000-8000-000000000003", ["EventName"] = "ListBuckets" }),
            ["NextToken"] = "kbOt5LlZe++mErCebpy2TgaMgmDvF1kYGFcH64JSjIbZFjsuvrSqg66b5YGssKutDYIyII4lrP4ZAPvnIOHdaw==",
        };
        _temp.Write("ct/lookup-events.json", lookup.ToJsonString(Indented));
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Combine("ct")), "");

        var result = trail.Query(Columns);

        var row = Assert.Single(result.Rows);
        Assert.Equal(("AssumeRoleWithWebIdentity", "2016-03-23T01:39:51Z", "lookup-events.json"), ((string?)row[0], (string?)row[1], (string?)row[4]));
        var skipped = result.Scan.Skipped;
        Assert.Equal(["Events[1] (EventId a1b2c3d4-0000-4000-8000-000000000002)", "Events[2] (EventId a1b2c3d4-0000-4000-8000-000000000003)", "NextToken"],
            skipped.Select(p => p.Where));
        Assert.StartsWith("its CloudTrailEvent is not JSON (", skipped[0].Problem);
        Assert.Equal("no CloudTrailEvent string; skipped", skipped[1].Problem);
        Assert.StartsWith("the answer was cut short (it ends with a NextToken)", skipped[2].Problem);
        Assert.All(result.Scan.Skipped, p => Assert.Equal("lookup-events.json", p.File));
    }

    [Fact]
    public void A_folder_with_no_cloudtrail_at_all_is_one_error_naming_the_folder_and_what_was_expected()
    {
        var pods = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray([.. Enumerable.Range(0, 300).Select(i => (JsonNode)new JsonObject { ["name"] = $"pod-{i}" })]) };
        _temp.Write("evidence/exports/pods.json", pods.ToJsonString(Indented)); // 900+ lines
        _temp.Write("evidence/exports/notes.jsonl", "not json\nat all\n");
        _temp.Write("evidence/exports/finding.jsonl", """{"schemaVersion":"2.0","type":"Recon:EC2/PortProbeUnprotectedPort","severity":2}""" + "\n");

        var e = Assert.Throws<EvidenceAccessException>(() => new CloudTrailLocal(new EvidenceRoot(_temp.Combine("evidence")), "exports"));

        Assert.StartsWith("exports: no CloudTrail in this folder: none of its 3 .json/.json.gz/.jsonl/.jsonl.gz files holds CloudTrail events", e.Message);
        Assert.Contains("Expected CloudTrail as S3 delivers it (AWSLogs/<account>/CloudTrail/<region>/", e.Message);
        Assert.Contains("lookup-events", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_folder_with_no_log_file_at_all_says_so()
    {
        _temp.Write("evidence/exports/readme.txt", "nothing here");

        var e = Assert.Throws<EvidenceAccessException>(() => new CloudTrailLocal(new EvidenceRoot(_temp.Combine("evidence")), "exports"));

        Assert.StartsWith("exports: no CloudTrail in this folder: no .json, .json.gz, .jsonl or .jsonl.gz file below it.", e.Message);
    }

    [Fact]
    public void Junk_beside_cloudtrail_is_one_warning_per_file_never_one_per_line()
    {
        _temp.Write("ct/AWSLogs/444455556666/CloudTrail/us-east-2/2016/03/23/444455556666_CloudTrail_us-east-2_20160323T0140Z_x.json",
            new JsonObject { ["Records"] = new JsonArray(DocumentedEvent()) }.ToJsonString());
        var pods = new JsonObject { ["apiVersion"] = "v1", ["items"] = new JsonArray([.. Enumerable.Range(0, 300).Select(i => (JsonNode)new JsonObject { ["name"] = $"pod-{i}" })]) };
        _temp.Write("ct/pods.json", pods.ToJsonString(Indented));
        var damaged = DocumentedEvent().ToJsonString() + "\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"garbage line {i}\n"));
        _temp.Write("ct/damaged.jsonl", "{\"eventVersion\": broken\n" + damaged);
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Combine("ct")), "");

        var result = trail.Query("SELECT eventname FROM cloudtrail");

        Assert.Equal(["AssumeRoleWithWebIdentity", "AssumeRoleWithWebIdentity"], result.Rows.Select(r => (string?)r[0]));
        var said = result.Scan.Skipped.Select(p => $"{p.File}: {p.Where}: {p.Problem}").ToList();
        Assert.Equal(
            [
                "pods.json: byte 0: not CloudTrail: its first object has no eventTime and eventName (its keys: apiVersion, items); skipped",
                "damaged.jsonl: lines 1, 3, 4, 5, 6, …: 501 of its 502 lines are not JSON events; skipped",
                "damaged.jsonl: file: 1 event kept after the problems above",
            ],
            said);
    }

    /// <summary>
    /// CloudTrail's digest files sit beside the logs in an S3 sync (AWSLogs/&lt;account&gt;/CloudTrail-Digest/&lt;region&gt;/…, per
    /// the CloudTrail User Guide's "CloudTrail digest file structure"): they hold the log files' hashes, not events.
    /// </summary>
    [Fact]
    public void Digest_files_are_left_out_and_said_and_a_folder_of_only_digests_is_named_as_such()
    {
        const string digest = """{"awsAccountId":"444455556666","digestStartTime":"2016-03-23T00:40:00Z","digestEndTime":"2016-03-23T01:40:00Z","logFiles":[]}""";
        _temp.Write("ct/AWSLogs/444455556666/CloudTrail/us-east-2/2016/03/23/444455556666_CloudTrail_us-east-2_20160323T0140Z_x.json",
            new JsonObject { ["Records"] = new JsonArray(DocumentedEvent()) }.ToJsonString());
        _temp.Write("ct/AWSLogs/444455556666/CloudTrail-Digest/us-east-2/2016/03/23/444455556666_CloudTrail-Digest_us-east-2_t_us-east-2_20160323T014000Z.json", digest); // unzipped, as after gunzip -r
        _temp.Write("digests/AWSLogs/444455556666/CloudTrail-Digest/us-east-2/2016/03/23/444455556666_CloudTrail-Digest_us-east-2_t_us-east-2_20160323T014000Z.json", digest); // unzipped, as after gunzip -r
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Combine("ct")), "");

        var rows = trail.Query("SELECT eventname FROM cloudtrail").Rows;
        var onlyDigests = Assert.Throws<EvidenceAccessException>(() => new CloudTrailLocal(new EvidenceRoot(_temp.Combine("digests")), ""));

        Assert.Equal(["AssumeRoleWithWebIdentity"], rows.Select(r => (string?)r[0]));
        Assert.Contains(trail.Problems, p => p.Problem.StartsWith("1 CloudTrail digest file (CloudTrail-Digest) left out", StringComparison.Ordinal));
        Assert.Contains("no CloudTrail in this folder: only 1 digest file (CloudTrail-Digest)", onlyDigests.Message);
    }
}

