using System.Globalization;
using System.Text.Json.Nodes;
using EksIr.Core.Evidence;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Sql;

namespace EksIr.Logs.Tests;

/// <summary>
/// CloudTrail SQL over a second real source: OTRF Security-Datasets' "AWS Cloud Bank Breach S3" (SDAWS-200914011940, MIT;
/// tests/RealWorld/PROVENANCE.md), an EC2 instance role's key taken through a misconfigured reverse proxy and used from
/// outside to list and copy an S3 bucket. The events were exported through Logstash's cloudtrail codec, one per line:
/// the codec moves eventTime to @timestamp (logstash-plugins/logstash-codec-cloudtrail, lib/logstash/codecs/cloudtrail.rb:
/// <c>event['@timestamp'] = event.delete('eventTime')</c>) and Logstash prints it with milliseconds. Every expected
/// value is a literal of jq's output on tests/RealWorld/cloudtrail-logstash/otrf-ec2_proxy_s3_exfiltration.json (the
/// command beside each assertion); the key, role, bucket and file are also those of the dataset's own "adversary_view".
/// </summary>
public sealed class RealWorldCloudTrailLogstashTests : IDisposable
{
    private const string File = "cloudtrail-logstash/otrf-ec2_proxy_s3_exfiltration.json";
    private const string StolenKey = "ASIA5FLZVX4OPVKKVBMX";

    private readonly CloudTrailLocal _trail = new(new EvidenceRoot(Repo.Path("tests", "RealWorld")), "cloudtrail-logstash");
    private readonly TempDir _temp = new();

    public void Dispose()
    {
        _trail.Dispose();
        _temp.Dispose();
    }

    private static List<string> Lines(QueryResult result) =>
        result.Rows.Select(r => string.Join(" | ", r.Select(c => c switch { null => "null", _ => Convert.ToString(c, CultureInfo.InvariantCulture) }))).ToList();

    [Fact]
    public void A_logstash_export_is_read_as_cloudtrail_with_each_events_time_back_from_its_timestamp()
    {
        var result = _trail.Query("SELECT \"$path\", count(*), min(eventtime), max(eventtime), min(date_partition), min(region_partition), min(account_partition) FROM cloudtrail GROUP BY 1");

        // jq -s 'length, (map(."@timestamp")|min), (map(."@timestamp")|max)'   → 16 "2020-09-14T00:48:30.000Z" "2020-09-14T01:13:20.000Z"
        // jq -r 'has("eventTime")' | sort | uniq -c   → 16 false;   jq -r '[.awsRegion,.recipientAccountId]|@tsv' | sort -u   → us-east-1 123456789123
        // (CloudTrail's eventTime is to the second, "2020-09-14T00:48:30Z"; the ".000" is Logstash's printing of it)
        Assert.Equal([$"{File} | 16 | 2020-09-14T00:48:30Z | 2020-09-14T01:13:20Z | 2020/09/14 | us-east-1 | 123456789123"], Lines(result));
        Assert.Empty(result.Scan.Skipped);
        Assert.Equal(CloudTrailLayout.LogstashLines, Assert.Single(_trail.Files).Layout);
    }

    [Fact]
    public void The_instance_roles_key_is_issued_to_ec2_then_used_from_outside_to_list_and_copy_the_bucket()
    {
        var issued = _trail.Query(
            "SELECT eventtime, useridentity.type, useridentity.invokedby, json_extract_string(requestparameters, '$.roleArn') FROM cloudtrail " +
            $"WHERE eventname = 'AssumeRole' AND json_extract_string(responseelements, '$.credentials.accessKeyId') = '{StolenKey}'");
        // jq -c 'select(.responseElements.credentials.accessKeyId=="ASIA5FLZVX4OPVKKVBMX")|[."@timestamp",.userIdentity.type,.userIdentity.invokedBy,.requestParameters.roleArn]'
        // ["2020-09-14T00:48:30.000Z","AWSService","ec2.amazonaws.com","arn:aws:iam::123456789123:role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0"]
        Assert.Equal(["2020-09-14T00:48:30Z | AWSService | ec2.amazonaws.com | arn:aws:iam::123456789123:role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0"], Lines(issued));

        var used = _trail.Query(
            "SELECT eventname, sourceipaddress, useridentity.arn, json_extract_string(requestparameters, '$.bucketName'), json_extract_string(requestparameters, '$.key'), " +
            $"count(*), min(eventtime) FROM cloudtrail WHERE useridentity.accesskeyid = '{StolenKey}' GROUP BY ALL ORDER BY 7");
        // jq -s -c 'map(select(.userIdentity.accessKeyId=="ASIA5FLZVX4OPVKKVBMX"))|group_by([.eventName,.requestParameters.bucketName,.requestParameters.key])
        //           |map([.[0].eventName,.[0].sourceIPAddress,.[0].requestParameters.bucketName,.[0].requestParameters.key,length,(map(."@timestamp")|min)])'
        // [["GetObject","1.2.3.4","mordors3stack-s3bucket-llp2yingx64a","ring.txt",2,"2020-09-14T01:02:34.000Z"],
        //  ["ListBuckets","1.2.3.4",null,null,2,"2020-09-14T01:00:04.000Z"],
        //  ["ListObjects","1.2.3.4","mordors3stack-s3bucket-llp2yingx64a",null,7,"2020-09-14T01:00:33.000Z"]]
        // every one by arn:aws:sts::123456789123:assumed-role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0/i-0317f6c6b66ae9c40
        const string Session = "arn:aws:sts::123456789123:assumed-role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0/i-0317f6c6b66ae9c40";
        Assert.Equal(
            [
                $"ListBuckets | 1.2.3.4 | {Session} | null | null | 2 | 2020-09-14T01:00:04Z",
                $"ListObjects | 1.2.3.4 | {Session} | mordors3stack-s3bucket-llp2yingx64a | null | 7 | 2020-09-14T01:00:33Z",
                $"GetObject | 1.2.3.4 | {Session} | mordors3stack-s3bucket-llp2yingx64a | ring.txt | 2 | 2020-09-14T01:02:34Z",
            ],
            Lines(used));
    }

    [Fact]
    public void Logstash_events_in_a_json_array_are_named_as_what_they_are_and_skipped()
    {
        // The codec's shape in a layout it is not read in: the file is said, with why, and the others are read.
        var line = System.IO.File.ReadLines(Repo.Path("tests", "RealWorld", "cloudtrail-logstash", "otrf-ec2_proxy_s3_exfiltration.json")).First();
        _temp.Write("ct/array.json", new JsonArray(JsonNode.Parse(line)).ToJsonString());
        _temp.Write("ct/lines.json", line + "\n");
        using var trail = new CloudTrailLocal(new EvidenceRoot(_temp.Path), "ct");

        var result = trail.Query("SELECT eventname, eventtime FROM cloudtrail");

        Assert.Equal(["AssumeRole | 2020-09-14T00:50:17Z"], Lines(result));
        Assert.Equal(
            ["ct/array.json: byte 0: a CloudTrail event as Logstash's cloudtrail codec leaves it (eventTime moved to @timestamp), read only as JSON lines, one event per line; skipped"],
            result.Scan.Skipped.Select(p => $"{p.File}: {p.Where}: {p.Problem}"));
    }
}
