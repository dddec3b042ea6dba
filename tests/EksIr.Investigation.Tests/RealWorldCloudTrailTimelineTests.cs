using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>
/// Real CloudTrail records made by others (Stratus Red Team's detonation logs, Apache-2.0; tests/RealWorld/PROVENANCE.md)
/// on the super-timeline. Expected values are literals from jq run on the sample files in tests/RealWorld/cloudtrail
/// (command and output in the comments), never this project's output.
/// </summary>
public sealed class RealWorldCloudTrailTimelineTests
{
    private static Task<SuperTimeline> Timeline() =>
        SuperTimeline.BuildAsync(new EvidenceRoot(Repo.Path("tests", "RealWorld")), new IncidentSources(CloudTrail: "cloudtrail"), TimeWindow.All);

    [Fact]
    public async Task Every_published_event_is_one_row_in_time_order_with_nothing_left_out()
    {
        var timeline = await Timeline();

        // jq -s '[.[][]|.eventID]|length, (unique|length)' *.json  →  79 79
        // jq -s -c '[.[][]|.eventTime]|min, max' *.json  →  "2024-07-30T21:31:10Z" "2024-08-02T08:23:56Z"
        Assert.Empty(timeline.Problems);
        Assert.Equal(79, timeline.Events.Count);
        Assert.All(timeline.Events, e => Assert.Equal(TimelineSources.CloudTrail, e.Source));
        Assert.Equal(79, timeline.Events.Select(e => e.Id).Distinct().Count());
        Assert.Equal("2024-07-30T21:31:10Z", timeline.Events[0].Time.ToString());
        Assert.Equal("2024-08-02T08:23:56Z", timeline.Events[^1].Time.ToString());
        Assert.True(timeline.Events.Zip(timeline.Events.Skip(1)).All(p => p.First.Time <= p.Second.Time));
    }

    [Fact]
    public async Task A_key_issued_by_AssumeRole_links_the_issuing_call_to_every_call_made_with_it()
    {
        var timeline = await Timeline();

        // Events naming the key as the caller's accessKeyId or anywhere in requestParameters/responseElements:
        // jq -s -c --arg k ASIANQQHHS551LWULIWD '[.[][]|select(.userIdentity.accessKeyId==$k or
        //   ((.requestParameters|tostring)+(.responseElements|tostring)|contains($k)))|[.eventName]]|group_by(.)|map(.[0]+[length])' *.json
        //   → [["AssumeRole",1],["GetPasswordData",30]]
        var rows = timeline.Where(new EntityRef(EntityKinds.AccessKey, "ASIANQQHHS551LWULIWD")).ToList();
        Assert.Equal([("AssumeRole", 1), ("GetPasswordData", 30)], rows.GroupBy(r => r.Action).Select(g => (g.Key, g.Count())).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal("AssumeRole", rows[0].Action);
    }

    [Fact]
    public async Task The_stolen_instance_credentials_are_on_the_timeline_under_their_key_their_role_and_the_outside_address()
    {
        var timeline = await Timeline();

        // jq -c '.[]|select(.userIdentity.accessKeyId=="ASIAP5CT9NN8EYVU1FXV")|[.eventID,.eventTime,.eventName]' ec2-steal-instance-credentials.json
        //   ["b379479b-05c9-4c3c-af4b-cbd43acf29e1","2024-08-02T08:23:55Z","GetCallerIdentity"]
        //   ["394cf343-b9cf-48ce-8a94-e188656ae8ba","2024-08-02T08:23:56Z","DescribeInstances"]
        // jq -c '[.[]|select(.userIdentity.type=="AssumedRole")|.userIdentity.sessionContext.sessionIssuer.arn]|unique' (same file)
        //   ["arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role"]
        // jq -s -c '[.[][]|select(.sourceIPAddress=="18.236.253.47")]|length' *.json  →  45
        string[] stolen = ["cloudtrail:b379479b-05c9-4c3c-af4b-cbd43acf29e1", "cloudtrail:394cf343-b9cf-48ce-8a94-e188656ae8ba"];
        Assert.Equal(stolen, timeline.Where(new EntityRef(EntityKinds.AccessKey, "ASIAP5CT9NN8EYVU1FXV")).Select(r => r.Id));
        Assert.Equal(stolen, timeline.Where(new EntityRef(EntityKinds.IamArn, "arn:aws:iam::017622104382:role/stratus-red-team-ec2-steal-credentials-role")).Select(r => r.Id));
        Assert.Equal(45, timeline.Where(new EntityRef(EntityKinds.Ip, "18.236.253.47")).Count());
        Assert.Equal("cloudtrail/stratus-aws.credential-access.ec2-steal-instance-credentials.json", timeline.Find(stolen[0])!.Evidence.File);
    }

    [Fact]
    public async Task A_key_made_by_CreateAccessKey_is_an_entity_of_the_call_that_made_it()
    {
        var timeline = await SuperTimeline.BuildAsync(new EvidenceRoot(Repo.Path("tests", "RealWorld")), new IncidentSources(CloudTrail: "cloudtrail-iam"), TimeWindow.All);

        // jq -c '[.[]|select(.userIdentity.accessKeyId=="AKIAXAFZN8JEPF6L682H" or ((.requestParameters|tostring)+(.responseElements|tostring)
        //        |contains("AKIAXAFZN8JEPF6L682H")))|.eventName]' stratus-aws.persistence.iam-create-admin-user.json  →  ["CreateAccessKey"]
        // jq -c '.[]|select(.eventName=="CreateAccessKey")|[.eventID,.eventTime]' (same file)  →  ["94faedcc-0fa4-46e6-9322-022e8e934f04","2024-08-01T13:33:28Z"]
        Assert.Empty(timeline.Problems);
        var row = Assert.Single(timeline.Where(new EntityRef(EntityKinds.AccessKey, "AKIAXAFZN8JEPF6L682H")));
        Assert.Equal(("cloudtrail:94faedcc-0fa4-46e6-9322-022e8e934f04", "CreateAccessKey", "2024-08-01T13:33:28Z"), (row.Id, row.Action, row.Time.ToString()));
    }
}
