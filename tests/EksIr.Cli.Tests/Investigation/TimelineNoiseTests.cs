using System.Text.Json;

namespace EksIr.Cli.Tests.Investigation;

/// <summary>
/// The super-timeline without its routine noise, through the real eksir. Counted from the sample's audit export itself
/// (control-plane/filter-log-events-audit.json, 124 distinct auditIDs): 54 leases "update" and 54 leases "get", every one
/// by a system: user (system:node:…, system:kube-scheduler); 8 "patch nodes/status" each by system:node:NAME of its own
/// node NAME (jq: select(.objectRef.subresource=="status") | .user.username == "system:node:" + .objectRef.name); the
/// other 8 are the incident and node registration.
/// </summary>
public sealed class TimelineNoiseTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample() => Repo.Path("sample-data", "incident-1");

    private static List<JsonElement> Rows(ProcessResult run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.StdOut);
        return [.. doc.RootElement.EnumerateArray().Select(r => r.Clone())];
    }

    [Fact]
    public async Task Routine_lease_traffic_is_hidden_and_counted_unless_noise_is_asked_for()
    {
        var quiet = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--source", "audit", "--json");
        var noisy = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--source", "k8s-audit", "--noise", "--json");

        var shown = Rows(quiet);
        Assert.Equal(8, shown.Count);
        Assert.DoesNotContain(shown, r => r.GetProperty("action").GetString() is "get leases" or "update leases" or "patch nodes/status");
        Assert.Contains(shown, r => r.GetProperty("action").GetString() == "create nodes");
        Assert.Contains(shown, r => r.GetProperty("action").GetString() == "create pods/exec");
        Assert.Contains("116 rows of routine lease gets and updates by system: users and node status reports by their own kubelet hidden (--noise shows them)", quiet.StdErr);
        var all = Rows(noisy);
        Assert.Equal(124, all.Count);
        Assert.Equal(54, all.Count(r => r.GetProperty("action").GetString() == "get leases"));
        Assert.DoesNotContain("hidden (--noise shows them)", noisy.StdErr);
    }

    [Fact]
    public async Task Source_takes_several_and_exclude_source_leaves_some_out()
    {
        var two = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--source", "cloudtrail,guardduty", "--json");
        var repeated = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--source", "cloudtrail", "--source", "guardduty", "--json");
        var excluded = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--exclude-source", "cloudtrail,audit", "--json");
        var everything = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--json");
        var bad = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--exclude-source", "cloudtrail,syslog");

        var both = Rows(two);
        Assert.Equal(["cloudtrail", "guardduty"], both.Select(r => r.GetProperty("source").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(both.Select(r => r.GetProperty("id").GetString()), Rows(repeated).Select(r => r.GetProperty("id").GetString()));
        var rest = Rows(excluded);
        var all = Rows(everything);
        Assert.DoesNotContain(rest, r => r.GetProperty("source").GetString() is "cloudtrail" or "k8s-audit");
        Assert.Equal(all.Where(r => r.GetProperty("source").GetString() is not ("cloudtrail" or "k8s-audit")).Select(r => r.GetProperty("id").GetString()),
            rest.Select(r => r.GetProperty("id").GetString()));
        Assert.Contains("rows from all sources but cloudtrail, k8s-audit of", excluded.StdErr);
        Assert.Equal(2, bad.ExitCode); // a usage error
        Assert.StartsWith("eksir supertimeline: --exclude-source syslog: not a source", bad.StdErr);
    }
}
