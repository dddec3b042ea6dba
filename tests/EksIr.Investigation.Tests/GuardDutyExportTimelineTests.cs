using System.IO.Compression;
using System.Text;
using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>GuardDuty's S3 export (JSON lines, gzip) and CloudTrail's other forms reach the super-timeline.</summary>
public sealed class GuardDutyExportTimelineTests
{
    [Fact]
    public async Task The_s3_export_of_runtime_findings_is_on_the_timeline_with_the_container_as_an_entity_and_an_empty_answer_is_a_note()
    {
        using var temp = new TempDir();
        var lines = RuntimeMonitoringFinding.Camel("f1").ToJsonString() + "\n" + RuntimeMonitoringFinding.Camel("f2", "2026-11-29T06:50:00.000Z").ToJsonString() + "\n";
        Directory.CreateDirectory(temp.Combine("guardduty", "AWSLogs"));
        using (var gz = new GZipStream(File.Create(temp.Combine("guardduty", "AWSLogs", "export.jsonl.gz")), CompressionLevel.Optimal))
        {
            gz.Write(Encoding.UTF8.GetBytes(lines));
        }

        temp.Write("guardduty/get-findings.json", "{\"Findings\": []}");
        var root = new EvidenceRoot(temp.Path);

        var timeline = await SuperTimeline.BuildAsync(root, new IncidentSources(GuardDuty: "guardduty"), TimeWindow.All);

        Assert.Empty(timeline.Problems);
        var rows = timeline.Where(new EntityRef(EntityKinds.Container, RuntimeMonitoringFinding.ContainerId)).ToList();
        Assert.Equal(["guardduty:f1", "guardduty:f2"], rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Contains(new EntityRef(EntityKinds.Pod, "default/sysdiag"), r.Entities));
        Assert.Contains("GuardDuty: no findings in guardduty/get-findings.json", timeline.Notes);
    }

    [Fact]
    public async Task A_cloudtrail_folder_with_no_cloudtrail_is_a_problem_of_the_timeline_and_the_other_sources_still_make_it()
    {
        using var temp = new TempDir();
        temp.Write("guardduty/finding.json", RuntimeMonitoringFinding.Camel("f1").ToJsonString());
        temp.Write("cloudtrail/pods.json", "{\n  \"apiVersion\": \"v1\",\n  \"items\": []\n}\n");
        var root = new EvidenceRoot(temp.Path);

        var timeline = await SuperTimeline.BuildAsync(root, new IncidentSources(GuardDuty: "guardduty", CloudTrail: "cloudtrail"), TimeWindow.All);

        Assert.Equal(["guardduty:f1"], timeline.Events.Select(e => e.Id));
        var problem = Assert.Single(timeline.Problems);
        Assert.Equal("cloudtrail", problem.File);
        Assert.StartsWith("not in the timeline: cloudtrail: no CloudTrail in this folder: its one .json/.json.gz/.jsonl/.jsonl.gz file holds no CloudTrail events", problem.Problem);
    }
}
