using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>
/// OTRF's "AWS Cloud Bank Breach S3" CloudTrail events as Logstash's cloudtrail codec exported them (eventTime moved to
/// @timestamp; MIT; tests/RealWorld/PROVENANCE.md) on the super-timeline. Expected values are literals from jq run on
/// tests/RealWorld/cloudtrail-logstash/otrf-ec2_proxy_s3_exfiltration.json (command and output beside each assertion).
/// </summary>
public sealed class RealWorldLogstashCloudTrailTimelineTests
{
    private static Task<SuperTimeline> Timeline() =>
        SuperTimeline.BuildAsync(new EvidenceRoot(Repo.Path("tests", "RealWorld")), new IncidentSources(CloudTrail: "cloudtrail-logstash"), TimeWindow.All);

    [Fact]
    public async Task Every_exported_event_is_a_row_at_the_time_the_codec_moved_to_its_timestamp()
    {
        var timeline = await Timeline();

        // jq -s 'map(.eventID)|length, (unique|length)'  →  16 16
        // jq -s -c 'map(."@timestamp")|min, max'  →  "2020-09-14T00:48:30.000Z" "2020-09-14T01:13:20.000Z"
        Assert.Empty(timeline.Problems);
        Assert.Equal(16, timeline.Events.Count);
        Assert.Equal(16, timeline.Events.Select(e => e.Id).Distinct().Count());
        Assert.Equal("2020-09-14T00:48:30Z", timeline.Events[0].Time.ToString());
        Assert.Equal("2020-09-14T01:13:20Z", timeline.Events[^1].Time.ToString());
    }

    [Fact]
    public async Task The_stolen_instance_key_links_the_call_that_issued_it_to_every_call_made_with_it_from_outside()
    {
        var timeline = await Timeline();

        // jq -s -c --arg k ASIA5FLZVX4OPVKKVBMX '[.[]|select(.userIdentity.accessKeyId==$k or
        //   ((.requestParameters|tostring)+(.responseElements|tostring)|contains($k)))|.eventName]|group_by(.)|map([.[0],length])'
        //   → [["AssumeRole",1],["GetObject",2],["ListBuckets",2],["ListObjects",7]]
        // jq -s '[.[]|select(.sourceIPAddress=="1.2.3.4")]|length'  →  11
        var rows = timeline.Where(new EntityRef(EntityKinds.AccessKey, "ASIA5FLZVX4OPVKKVBMX")).ToList();
        Assert.Equal([("AssumeRole", 1), ("GetObject", 2), ("ListBuckets", 2), ("ListObjects", 7)],
            rows.GroupBy(r => r.Action).Select(g => (g.Key, g.Count())).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal("AssumeRole", rows[0].Action);
        Assert.Equal(11, timeline.Where(new EntityRef(EntityKinds.Ip, "1.2.3.4")).Count());
    }
}
