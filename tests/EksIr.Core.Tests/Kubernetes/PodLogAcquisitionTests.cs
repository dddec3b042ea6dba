using System.Security.Cryptography;
using System.Text;
using EksIr.Core.Evidence;
using EksIr.Cloud.Kubernetes;

namespace EksIr.Core.Tests.Kubernetes;

public sealed class PodLogAcquisitionTests : IDisposable
{
    private readonly TempDir _temp = new();
    private static readonly string Snapshot = Repo.Path("sample-data", "incident-1", "cluster");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Logs_are_planned_then_fetched_with_hashes_never_over_an_earlier_copy_and_a_missing_previous_is_said()
    {
        using var server = new FakeApiServer(Snapshot);
        var live = LiveCluster.FromKubeconfig(server.WriteKubeconfig(_temp.Combine("kubeconfig")));
        var folder = _temp.Combine("case", "acquired", "pod-logs");

        var plan = await PodLogAcquisition.RunAsync(live, live, "sysdiag", "default", previous: true, folder, execute: false);
        Assert.Equal(["planned (dry run)", "planned (dry run)"], plan.Actions.Select(a => a.Outcome));
        Assert.False(Directory.Exists(folder));
        Assert.DoesNotContain(server.Requests, r => r.Contains("/log", StringComparison.Ordinal));

        var first = await PodLogAcquisition.RunAsync(live, live, "sysdiag", "default", previous: true, folder, execute: true);
        var second = await PodLogAcquisition.RunAsync(live, live, "sysdiag", "default", previous: false, folder, execute: true);

        var current = first.Actions[0];
        Assert.Equal(("done", Path.Combine(folder, "default_sysdiag", "sysdiag.log")), (current.Outcome, current.Detail));
        var text = "2026-11-29T06:23:31.532467025Z sysdiag/sysdiag: agent 1.0 starting\n";
        Assert.Equal(text, File.ReadAllText(current.Detail));
        Assert.Equal($"{text.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}", current.Before);
        Assert.Equal(("nothing to fetch", "the container has not restarted"), (first.Actions[1].Outcome, first.Actions[1].Before));
        Assert.Equal(Path.Combine(folder, "default_sysdiag", "sysdiag.2.log"), second.Actions[0].Detail); // beside, not over, the first copy
        Assert.Contains(server.Requests, r => r.StartsWith("GET /api/v1/namespaces/default/pods/sysdiag/log", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_snapshot_plans_but_cannot_fetch()
    {
        var snapshot = new SnapshotCluster(new EvidenceRoot(Repo.Path("sample-data", "incident-1")), "cluster");

        var plan = await PodLogAcquisition.RunAsync(snapshot, null, "sysdiag", "default", previous: false, _temp.Combine("out"), execute: false);
        var refused = await Assert.ThrowsAsync<ClusterException>(() => PodLogAcquisition.RunAsync(snapshot, null, "sysdiag", "default", false, _temp.Combine("out"), true));

        Assert.Equal("container default/sysdiag/sysdiag", Assert.Single(plan.Actions).Target);
        Assert.Contains("a snapshot holds no logs", refused.Message);
    }
}
