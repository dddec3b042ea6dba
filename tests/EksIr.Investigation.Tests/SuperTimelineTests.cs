using System.IO.Compression;
using System.Text.Json;
using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

public class SuperTimelineTests
{
    private static string Sample(params string[] parts) => Repo.Path(["sample-data", "incident-1", .. parts]);

    [Fact]
    public async Task Every_source_of_the_training_incident_is_on_one_ordered_UTC_timeline()
    {
        var timeline = await SampleIncident.Timeline;

        Assert.Empty(timeline.Problems);
        Assert.Equal(TimelineSources.All.Where(s => s != TimelineSources.Docker).Order(), // the incident's node runs containerd only
            timeline.Sources.Select(s => s.Source).Distinct().Order());
        Assert.All(timeline.Sources, s => Assert.True(s.Rows > 0, s.Source));
        Assert.Equal(timeline.Events.Count, timeline.Events.Select(e => e.Id).Distinct().Count());
        Assert.True(timeline.Events.Zip(timeline.Events.Skip(1)).All(p => p.First.Time <= p.Second.Time));

        // Each source's row count against the evidence read independently here.
        var trail = Directory.GetFiles(Sample("cloudtrail"), "*.json.gz", SearchOption.AllDirectories)
            .SelectMany(f => JsonDocument.Parse(new GZipStream(File.OpenRead(f), CompressionMode.Decompress)).RootElement.GetProperty("Records").EnumerateArray())
            .Select(r => r.GetProperty("eventID").GetString()).Distinct().Count();
        Assert.Equal(trail, timeline.Where(source: TimelineSources.CloudTrail).Count());
        var messages = Directory.GetFiles(Sample("control-plane"), "*.json")
            .SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("events").EnumerateArray())
            .Select(e => e.GetProperty("message").GetString()!).ToList();
        Assert.Equal(messages.Count(m => m.StartsWith("{\"kind\":\"Event\"", StringComparison.Ordinal)), timeline.Where(source: TimelineSources.Audit).Count());
        Assert.Equal(messages.Count(m => !m.StartsWith('{')), timeline.Where(source: TimelineSources.ControlPlane).Count());
        var processes = File.ReadAllLines(Sample("memory", "volatility", "linux.pslist.txt")).Count(l => l.StartsWith("0x", StringComparison.Ordinal));
        Assert.Equal(processes, timeline.Where(source: TimelineSources.Memory).Count());
    }

    [Fact]
    public async Task The_empty_mount_points_the_runtime_made_in_the_container_are_said_so_on_their_rows()
    {
        var timeline = await SampleIncident.Timeline;

        var files = timeline.Events.Where(e => e.Source == TimelineSources.ContainerFile).ToArray();
        var proc = files.Where(e => e.Summary.StartsWith("/proc (added", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(proc);
        Assert.All(proc, e => Assert.Contains("(added drwxr-xr-x, an empty mount point the runtime made)", e.Summary));
        Assert.All(files.Where(e => e.Summary.StartsWith("/tmp/.x/", StringComparison.Ordinal)), e => Assert.DoesNotContain("runtime made", e.Summary));
    }

    [Fact]
    public async Task The_story_rows_carry_their_source_entities_and_nanoseconds()
    {
        var timeline = await SampleIncident.Timeline;
        var sysdiag = new EntityRef(EntityKinds.Pod, "default/sysdiag");
        var container = new EntityRef(EntityKinds.Container, "8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f");

        var execs = timeline.Where(sysdiag, TimelineSources.Audit).Where(e => e.Action == "create pods/exec").ToList();
        Assert.Equal(["2026-11-29T06:23:31.390Z", "2026-11-29T06:23:58.599Z"], execs.Select(e => e.Time.ToString()));
        Assert.All(execs, e => Assert.Contains(new EntityRef(EntityKinds.AccessKey, "AKIA5DEVINTERN7EXMPL"), e.Entities));
        Assert.Contains("cp /bin/busybox /tmp/.x/sh && chmod 4755 /tmp/.x/sh", execs[0].Summary);
        Assert.Contains(": sh -c '⏎mkdir -p /tmp/.x⏎printf \"#!/bin/sh\\nwhile true; do sleep 60; done\\n\" > /tmp/.x/miner.sh⏎chmod 755", execs[0].Summary); // one line, nothing rewritten

        var miner = Assert.Single(timeline.Where(container, TimelineSources.ContainerFile), e => e.Summary.StartsWith("/tmp/.x/miner.sh", StringComparison.Ordinal) && e.Action == "Modification Time");
        Assert.Equal("2026-11-29T06:23:31.475692519Z", miner.Time.ToString());
        Assert.Contains(sysdiag, miner.Entities);
        Assert.True(execs[0].Time < miner.Time && miner.Time < execs[1].Time, "the dropper's exec wrote the miner before the interactive shell");

        var shell = Assert.Single(timeline.Where(new EntityRef(EntityKinds.Process, "5120")), e => e.Source == TimelineSources.Memory && e.Summary.StartsWith("PID 5120", StringComparison.Ordinal));
        Assert.Contains(container, shell.Entities);
        Assert.Contains(new EntityRef(EntityKinds.Process, "4711"), shell.Entities);
        var shim = Assert.Single(timeline.Where(new EntityRef(EntityKinds.Process, "4711"), TimelineSources.Memory), e => e.Summary.StartsWith("PID 4711", StringComparison.Ordinal));
        Assert.Contains(new EntityRef(EntityKinds.Container, "5d9a0b7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b"), shim.Entities);

        var denied = Assert.Single(timeline.Where(source: TimelineSources.CloudTrail), e => e.Action == "RunInstances" && e.Names(new EntityRef(EntityKinds.Ip, "203.0.113.50")));
        Assert.Contains(new EntityRef(EntityKinds.AccessKey, "ASIA5NODEROLE7STOLEN"), denied.Entities);
        Assert.Contains(new EntityRef(EntityKinds.Instance, "i-0c7d2e91b4a6f3508"), denied.Entities); // the role session is named after the instance
        Assert.EndsWith("Client.UnauthorizedOperation", denied.Summary);
        Assert.StartsWith("cloudtrail/AWSLogs/111122223333/CloudTrail/us-west-2/2026/11/29/", denied.Evidence.File);

        var bound = Assert.Single(timeline.Where(sysdiag, TimelineSources.ControlPlane));
        Assert.Contains(new EntityRef(EntityKinds.Node, "ip-192-168-23-107.us-west-2.compute.internal"), bound.Entities);
        var finding = Assert.Single(timeline.Where(sysdiag, TimelineSources.GuardDuty));
        Assert.Equal("PrivilegeEscalation:Kubernetes/PrivilegedContainer", finding.Action);
    }

    [Fact]
    public async Task Overlapping_exports_give_each_event_once_and_say_how_many_repeated()
    {
        using var temp = new TempDir();
        CopyTree(Sample("cloudtrail"), temp.Combine("cloudtrail"));
        var day = Directory.GetFiles(temp.Combine("cloudtrail"), "*.json.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        File.Copy(day, day.Replace(".json.gz", "-redelivered.json.gz", StringComparison.Ordinal));
        CopyTree(Sample("control-plane"), temp.Combine("control-plane"));
        File.Copy(temp.Combine("control-plane", "filter-log-events-audit.json"), temp.Combine("control-plane", "filter-log-events-audit-again.json"));
        var root = new EvidenceRoot(temp.Path);

        var timeline = await SuperTimeline.BuildAsync(root, new IncidentSources(CloudTrail: "cloudtrail", ControlPlane: "control-plane"), TimeWindow.All);
        var single = await SampleIncident.Timeline;

        var redelivered = JsonDocument.Parse(new GZipStream(File.OpenRead(day), CompressionMode.Decompress)).RootElement.GetProperty("Records").GetArrayLength();
        var trail = Assert.Single(timeline.Sources, s => s.Source == TimelineSources.CloudTrail);
        Assert.Equal((single.Where(source: TimelineSources.CloudTrail).Count(), redelivered), (trail.Rows, trail.Duplicates));
        var audit = Assert.Single(timeline.Sources, s => s.Source == TimelineSources.Audit);
        Assert.Equal((single.Where(source: TimelineSources.Audit).Count(), single.Where(source: TimelineSources.Audit).Count()), (audit.Rows, audit.Duplicates));
        Assert.Contains($"{redelivered + audit.Duplicates} duplicates dropped", timeline.Summary);
    }

    [Fact]
    public async Task A_window_keeps_its_rows_only_and_damaged_evidence_is_reported_not_dropped_silently()
    {
        using var temp = new TempDir();
        CopyTree(Sample("cloudtrail"), temp.Combine("cloudtrail"));
        CopyTree(Sample("guardduty"), temp.Combine("guardduty"));
        var victim = Directory.GetFiles(temp.Combine("cloudtrail"), "*_us-west-2_20261129T0625Z_*.json.gz", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(victim);
        File.WriteAllBytes(victim, bytes[..(bytes.Length * 2 / 3)]); // a cut-off delivery
        var root = new EvidenceRoot(temp.Path);
        var window = TimeWindow.Of(DateTimeOffset.Parse("2026-11-29T06:19:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-11-29T06:27:00Z", System.Globalization.CultureInfo.InvariantCulture));

        var timeline = await SuperTimeline.BuildAsync(root, new IncidentSources(GuardDuty: "guardduty", CloudTrail: "cloudtrail"), window);

        Assert.NotEmpty(timeline.Events);
        Assert.All(timeline.Events, e => Assert.True(window.Contains(e.Time), e.Time.ToString()));
        Assert.Equal(2, timeline.Where(source: TimelineSources.GuardDuty).Count());
        Assert.NotEmpty(timeline.Problems);
        Assert.All(timeline.Problems, p => Assert.EndsWith(Path.GetFileName(victim), p.File));
        var whole = (await SampleIncident.Timeline).Where(source: TimelineSources.CloudTrail, window: window).ToList();
        var kept = timeline.Where(source: TimelineSources.CloudTrail).ToList();
        Assert.InRange(kept.Count, whole.Count(e => !e.Evidence.File.EndsWith(Path.GetFileName(victim), StringComparison.Ordinal)) + 1, whole.Count - 1);
        Assert.Contains($"{timeline.Problems.Count} problems", timeline.Summary);
    }

    [Fact]
    public async Task Sources_that_hold_nothing_readable_are_named_and_the_others_still_make_the_timeline()
    {
        using var temp = new TempDir();
        CopyTree(Sample("cloudtrail"), temp.Combine("cloudtrail"));
        temp.Write("guardduty/finding.json", "{\"notes\": \"not a finding\"}");
        temp.Write("memory/volatility/notes.txt", "analyst notes\n");
        var root = new EvidenceRoot(temp.Path);

        var timeline = await SuperTimeline.BuildAsync(root, IncidentSources.Find(root).Sources, TimeWindow.All);

        Assert.Equal((await SampleIncident.Timeline).Where(source: TimelineSources.CloudTrail).Count(), timeline.Events.Count);
        Assert.Contains(timeline.Problems, p => p.File == "guardduty/finding.json" && p.Problem.StartsWith("not a GuardDuty finding", StringComparison.Ordinal));
        Assert.Contains(timeline.Problems, p => p.File == "memory/volatility" && p.Problem.Contains("no Volatility process listing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hostile_evidence_a_link_out_of_the_root_a_cut_node_archive_and_a_broken_audit_line_is_named_and_the_rest_kept()
    {
        using var temp = new TempDir();
        using var outside = new TempDir();
        CopyTree(Sample("guardduty"), outside.Combine("guardduty"));
        Directory.CreateDirectory(temp.Combine("evidence"));
        Directory.CreateSymbolicLink(temp.Combine("evidence", "guardduty"), outside.Combine("guardduty")); // leaves the evidence root
        var archive = File.ReadAllBytes(Sample("node", "ip-192-168-23-107.us-west-2.compute.internal.tar.gz"));
        Directory.CreateDirectory(temp.Combine("evidence", "node"));
        File.WriteAllBytes(temp.Combine("evidence", "node", "ip-10-0-0-1.tar.gz"), archive[..(archive.Length / 2)]); // cut in the middle
        var audit = File.ReadAllText(Sample("control-plane", "filter-log-events-audit.json"));
        var at = audit.IndexOf("\"message\": \"{", StringComparison.Ordinal);
        var hostile = audit[..(at + 12)] + "{not json at all" + audit[(at + 13)..];
        var code = hostile.IndexOf("\\\"code\\\":201", hostile.IndexOf("\"message\"", at + 20, StringComparison.Ordinal), StringComparison.Ordinal); // in another event
        temp.Write("evidence/control-plane/audit.json", hostile[..code] + "\\\"code\\\":1e99" + hostile[(code + 12)..]); // a status code no int holds
        var before = EvidenceTree.Hash(temp.Combine("evidence"));
        var root = new EvidenceRoot(temp.Combine("evidence"));

        var (sources, missing) = IncidentSources.Find(root);
        var timeline = await SuperTimeline.BuildAsync(root, sources, TimeWindow.All);

        Assert.Contains(missing, m => m.StartsWith("not found: GuardDuty findings (guardduty/): ", StringComparison.Ordinal) && m.Contains("not followed", StringComparison.Ordinal));
        Assert.Empty(timeline.Where(source: TimelineSources.GuardDuty));
        Assert.Contains(timeline.Problems, p => p.File == "node/ip-10-0-0-1.tar.gz" && p.Problem.Contains("the archive ends", StringComparison.Ordinal));
        Assert.DoesNotContain(timeline.Problems, p => p.ToString().Contains(temp.Path, StringComparison.Ordinal)); // evidence names, not this machine's paths
        Assert.Contains(timeline.Problems, p => p.File == "control-plane" && p.Problem.StartsWith("an audit event that is not JSON", StringComparison.Ordinal));
        Assert.Equal((await SampleIncident.Timeline).Where(source: TimelineSources.Audit).Count() - 1, timeline.Where(source: TimelineSources.Audit).Count());
        Assert.Single(timeline.Where(source: TimelineSources.Audit), e => e.Summary.EndsWith("→ ?", StringComparison.Ordinal) || e.Summary.Contains("→ ? ", StringComparison.Ordinal));
        Assert.Equal(before, EvidenceTree.Hash(temp.Combine("evidence")));
    }

    [Fact]
    public async Task An_audit_event_logged_after_the_window_but_received_inside_it_is_in_and_one_received_after_is_not()
    {
        using var temp = new TempDir();
        static string Event(string received, long loggedMs, string name) =>
            JsonSerializer.Serialize(new
            {
                logStreamName = "kube-apiserver-audit-0123",
                timestamp = loggedMs,
                message = JsonSerializer.Serialize(new
                {
                    kind = "Event", apiVersion = "audit.k8s.io/v1", auditID = name, stage = "ResponseComplete", verb = "create",
                    requestURI = $"/api/v1/namespaces/default/pods/{name}/exec?command=sh", user = new { username = "dev-intern" },
                    objectRef = new { resource = "pods", @namespace = "default", name, subresource = "exec" },
                    responseStatus = new { code = 101 }, requestReceivedTimestamp = received, stageTimestamp = received,
                }),
            });
        var end = DateTimeOffset.Parse("2026-11-29T06:30:00Z", System.Globalization.CultureInfo.InvariantCulture);
        temp.Write("control-plane/events.json", "{\"events\":[" + string.Join(",",
            Event("2026-11-29T06:29:59.900000Z", end.AddMinutes(4).ToUnixTimeMilliseconds(), "long-exec"),   // a 4-minute exec, logged when it ended
            Event("2026-11-29T06:30:00.100000Z", end.AddSeconds(1).ToUnixTimeMilliseconds(), "after")) + "]}");

        var timeline = await SuperTimeline.BuildAsync(new EvidenceRoot(temp.Path), new IncidentSources(ControlPlane: "control-plane"), TimeWindow.Of(end.AddMinutes(-5), end));

        Assert.Equal(["audit:long-exec"], timeline.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Building_the_timeline_leaves_the_evidence_byte_identical()
    {
        using var temp = new TempDir();
        CopyTree(Sample(), temp.Combine("evidence"));
        var before = EvidenceTree.Hash(temp.Combine("evidence"));
        var root = new EvidenceRoot(temp.Combine("evidence"));

        var timeline = await SuperTimeline.BuildAsync(root, IncidentSources.Find(root).Sources, TimeWindow.All);

        Assert.Equal((await SampleIncident.Timeline).Events.Count, timeline.Events.Count);
        Assert.Equal(before, EvidenceTree.Hash(temp.Combine("evidence")));
    }

    [Fact]
    public void The_incident_layout_is_found_and_what_is_missing_is_named()
    {
        var (sources, missing) = IncidentSources.Find(new EvidenceRoot(Sample()));
        Assert.Equal(new IncidentSources("guardduty", "cloudtrail", "control-plane", "memory/volatility",
            "node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz", "ip-192-168-23-107.us-west-2.compute.internal"), sources);
        Assert.Empty(missing);

        using var temp = new TempDir();
        temp.Write("cloudtrail/x.json", "{\"Records\":[]}");
        var (partial, absent) = IncidentSources.Find(new EvidenceRoot(temp.Path));
        Assert.Equal(new IncidentSources(CloudTrail: "cloudtrail"), partial);
        Assert.Equal(["not found: node disk (node/*.tar.gz or node/var/lib/…)", "not found: memory (Volatility output) (memory/)", "not found: GuardDuty findings (guardduty/)",
            "not found: control-plane logs (control-plane/)"], absent);
        temp.Write("node/b.tar.gz", "");
        temp.Write("node/a.tar.gz", "");
        var (several, notes) = IncidentSources.Find(new EvidenceRoot(temp.Path));
        Assert.Equal(("node/a.tar.gz", "a"), (several.Node, several.NodeName));
        Assert.Equal(["node/b.tar.gz"], several.OtherNodes!);
        Assert.Contains("node/ holds 2 node archives; the timeline reads each, its rows labelled with their node (a, b; one alone: --node a)", notes);
    }

    internal static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
