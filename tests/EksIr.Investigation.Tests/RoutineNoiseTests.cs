using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;

namespace EksIr.Investigation.Tests;

/// <summary>
/// What the super-timeline hides as routine: a kubelet renewing its lease and reporting its own node's status (as the
/// kubelet does every few seconds, allowed by the NodeRestriction admission plugin for its own Node only). The same
/// request by anyone else — another node's credentials, a person — is what an analyst looks for, and stays shown.
/// </summary>
public sealed class RoutineNoiseTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Event(string id, string user, string verb, string resource, string? subresource, string name) =>
        $$"""{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"{{id}}","stage":"ResponseComplete","requestURI":"/x","verb":"{{verb}}","user":{"username":"{{user}}"},"sourceIPs":["192.168.23.107"],"objectRef":{"resource":"{{resource}}",{{(subresource is null ? "" : $"\"subresource\":\"{subresource}\",")}}"name":"{{name}}","apiVersion":"v1"},"responseStatus":{"code":200},"requestReceivedTimestamp":"2026-11-29T06:00:0{{id[^1]}}.000000Z","stageTimestamp":"2026-11-29T06:00:0{{id[^1]}}.010000Z"}""";

    [Fact]
    public async Task A_kubelet_reporting_its_own_node_is_routine_and_the_same_patch_by_anyone_else_is_not()
    {
        const string node = "ip-192-168-23-107.us-west-2.compute.internal";
        _temp.Write("control-plane/audit.log", string.Join("\n",
            Event("own-1", $"system:node:{node}", "patch", "nodes", "status", node),
            Event("other-2", "system:node:ip-192-168-9-9.us-west-2.compute.internal", "patch", "nodes", "status", node),
            Event("person-3", "dev-intern", "patch", "nodes", "status", node),
            Event("lease-4", $"system:node:{node}", "update", "leases", null, node),
            Event("lease-5", "dev-intern", "update", "leases", null, node),
            Event("spec-6", $"system:node:{node}", "patch", "nodes", null, node)) + "\n");

        var timeline = await SuperTimeline.BuildAsync(new EvidenceRoot(_temp.Path), new IncidentSources(ControlPlane: "control-plane"), TimeWindow.All);

        Assert.Empty(timeline.Problems);
        var routine = timeline.Events.Where(RoutineNoise.Is).Select(e => e.Id).Order(StringComparer.Ordinal);
        Assert.Equal(["audit:lease-4", "audit:own-1"], routine);
        Assert.Equal(6, timeline.Events.Count);
    }
}
