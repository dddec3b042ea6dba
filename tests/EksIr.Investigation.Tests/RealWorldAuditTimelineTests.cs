using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>
/// Real kube-apiserver audit logs made by others on the super-timeline, as the API server writes audit.log (one JSON
/// event per line, no CloudWatch log stream): audit2rbac's demo log and Falco's trace files (tests/RealWorld/PROVENANCE.md).
/// Expected values are literals from jq run on the files in tests/RealWorld/k8s-audit (command and output beside each).
/// </summary>
public sealed class RealWorldAuditTimelineTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private Task<SuperTimeline> Timeline(string sample)
    {
        _temp.Write("control-plane/audit.log", File.ReadAllText(Repo.Path("tests", "RealWorld", "k8s-audit", sample)));
        return SuperTimeline.BuildAsync(new EvidenceRoot(_temp.Path), new IncidentSources(ControlPlane: "control-plane"), TimeWindow.All);
    }

    [Fact]
    public async Task Each_request_of_an_audit_log_is_one_audit_row_at_its_own_time_though_logged_at_two_stages()
    {
        var timeline = await Timeline("audit2rbac-demo.audit.log");

        // jq -r .auditID audit2rbac-demo.audit.log | sort -u | wc -l   → 20 (29 lines)
        // jq -s -c 'map(.timestamp)|min, max'   → "2017-09-11T19:55:05Z" "2017-09-11T20:29:04Z"
        // (v1beta1 events of 2017 with neither requestReceivedTimestamp nor stageTimestamp: their time is "timestamp")
        Assert.Empty(timeline.Problems);
        Assert.Equal(20, timeline.Where(source: TimelineSources.Audit).Count());
        Assert.Equal(20, timeline.Events.Count);
        Assert.Equal("2017-09-11T19:55:05Z", timeline.Events[0].Time.ToString());
        Assert.Equal("2017-09-11T20:29:04Z", timeline.Events[^1].Time.ToString());
        // jq -c 'select(.auditID=="efa66285-edeb-4d96-b5a3-1ad86ee63437")|[.stage,.user.username,.verb,.objectRef.resource,.objectRef.namespace,.objectRef.name,.responseStatus.code]'
        // ["RequestReceived","system:admin","delete","roles","default","audit2rbac:bob",null]
        // ["ResponseComplete","system:admin","delete","roles","default","audit2rbac:bob",404]
        Assert.Equal("system:admin delete roles default/audit2rbac:bob → 404", timeline.Find("audit:efa66285-edeb-4d96-b5a3-1ad86ee63437")?.Summary);
    }

    [Fact]
    public async Task An_audit_event_with_no_time_of_its_own_is_said_and_the_others_kept()
    {
        // The first audit2rbac event with its "timestamp" and "metadata" removed (built here): an event no time can be
        // given, in audit.log (the log engine names the line) and in a CloudWatch export, where the export's own
        // timestamp is not the event's (the timeline counts it and says so).
        var lines = File.ReadAllLines(Repo.Path("tests", "RealWorld", "k8s-audit", "audit2rbac-demo.audit.log"));
        var first = System.Text.Json.Nodes.JsonNode.Parse(lines[0])!.AsObject();
        first.Remove("timestamp");
        first.Remove("metadata");
        _temp.Write("control-plane/audit.log", string.Join("\n", [first.ToJsonString(), .. lines[1..]]) + "\n");
        var events = new System.Text.Json.Nodes.JsonArray([.. new[] { first.ToJsonString(), lines[1] }.Select((m, i) => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
        {
            ["logStreamName"] = "kube-apiserver-audit-0123456789abcdef", ["timestamp"] = 1505159734000L + i, ["message"] = m, ["ingestionTime"] = 1505159735000L + i,
        })]);
        _temp.Write("exported/filter-log-events.json", new System.Text.Json.Nodes.JsonObject { ["events"] = events }.ToJsonString());

        var raw = await SuperTimeline.BuildAsync(new EvidenceRoot(_temp.Path), new IncidentSources(ControlPlane: "control-plane"), TimeWindow.All);
        var exported = await SuperTimeline.BuildAsync(new EvidenceRoot(_temp.Path), new IncidentSources(ControlPlane: "exported"), TimeWindow.All);

        Assert.Equal(19, raw.Where(source: TimelineSources.Audit).Count());
        Assert.Equal("control-plane/audit.log: line 1: not a JSON log event with a time; skipped", Assert.Single(raw.Problems).ToString());
        Assert.Single(exported.Where(source: TimelineSources.Audit));
        Assert.Contains(exported.Problems, p => p.Problem.StartsWith("1 audit event with no time of their own", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Falcos_audit_events_are_audit_rows_at_their_request_received_time()
    {
        var timeline = await Timeline("falco-trace-files.audit.log");

        // jq -c '[.auditID,.requestReceivedTimestamp]' falco-trace-files.audit.log | wc -l   → 6 (6 auditIDs)
        // first and last requestReceivedTimestamp: "2018-10-25T13:58:49.730588Z", "2018-10-26T13:42:46.764713Z"
        Assert.Empty(timeline.Problems);
        Assert.Equal(6, timeline.Where(source: TimelineSources.Audit).Count());
        Assert.Equal(6, timeline.Events.Count);
        Assert.Equal("2018-10-25T13:58:49.730588Z", timeline.Events[0].Time.ToString());
        Assert.Equal("2018-10-26T13:42:46.764713Z", timeline.Events[^1].Time.ToString());
    }

    [Fact]
    public async Task A_request_made_by_impersonation_is_found_under_the_user_it_was_made_as_and_says_who_made_it()
    {
        var timeline = await Timeline("audit2rbac-demo.audit.log");

        // jq -c 'select(.impersonatedUser.username=="alice")|[.timestamp,.user.username,.verb,.requestURI,.responseStatus.code]'
        // ["2017-09-11T20:28:54Z","system:admin","list","/api/v1/namespaces/ns1/pods",403]
        // ["2017-09-11T20:28:58Z","system:admin","list","/api/v1/namespaces/ns1/configmaps",403]
        // ["2017-09-11T20:29:04Z","system:admin","list","/api/v1/namespaces/ns1/secrets",403]
        var alice = timeline.Where(new EntityRef(EntityKinds.KubernetesUser, "alice")).ToList();
        Assert.Equal(["list pods", "list configmaps", "list secrets"], alice.Select(r => r.Action));
        Assert.All(alice, r => Assert.StartsWith("system:admin as alice list ", r.Summary, StringComparison.Ordinal));
        Assert.All(alice, r => Assert.EndsWith("→ 403", r.Summary, StringComparison.Ordinal));
        // jq -s '[.[]|select(.user.username=="system:admin")|.auditID]|unique|length'   → 20
        Assert.Equal(20, timeline.Where(new EntityRef(EntityKinds.KubernetesUser, "system:admin")).Count());
    }
}
