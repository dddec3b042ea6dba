namespace EksIr.Cli.Tests.Messages;

/// <summary>
/// Where a source says nothing of a field, the card or table says so in words rather than leaving a blank cell: the
/// sample's Runtime Monitoring finding names no workload, container, access key or user (its Resource is an instance
/// with a process), the privileged-container finding names no instance, and the sample pod sysdiag has no ownerReferences.
/// </summary>
public sealed class SaidNotBlankTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample(params string[] parts) => Repo.Path(["sample-data", "incident-1", .. parts]);

    /// <summary>A field/value card's rows as (field, value), split on the table's two-space gap.</summary>
    private static Dictionary<string, string> Card(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2)
            .Select(l => (Field: l[..l.IndexOf("  ", StringComparison.Ordinal)], Value: l[l.IndexOf("  ", StringComparison.Ordinal)..].Trim()))
            .ToDictionary(r => r.Field, r => r.Value);

    [Fact]
    public async Task A_guardduty_card_and_table_say_what_the_finding_does_not_name()
    {
        var card = await ProcessRun.EksirAsync(_temp.Path, "guardduty", Sample("guardduty", "finding-runtime-miner.json"));
        var table = await ProcessRun.EksirAsync(_temp.Path, "guardduty", Sample("guardduty"));

        Assert.True(card.ExitCode == 0, card.ToString());
        var fields = Card(card.StdOut);
        Assert.All(new[] { "Workload", "Containers", "Access key id", "User", "Container id" }, f => Assert.Equal("not in the finding", fields[f]));
        Assert.Equal("i-0c7d2e91b4a6f3508", fields["Instance"]);
        Assert.DoesNotContain(fields.Values, v => v.Length == 0);
        var rows = table.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("PrivilegeEscalation:Kubernetes/PrivilegedContainer  eksworkshop-eksctl  not in the finding", rows[2]);
        Assert.EndsWith("i-0c7d2e91b4a6f3508  not in the finding  not in the finding", rows[3]);
    }

    [Fact]
    public async Task A_pod_card_says_none_where_the_cluster_reports_nothing()
    {
        var pod = await ProcessRun.EksirAsync(_temp.Path, "k8s", "pod", "sysdiag", "--snapshot", Sample("cluster"));

        Assert.True(pod.ExitCode == 0, pod.ToString());
        var fields = Card(pod.StdOut);
        Assert.Equal("none (a bare pod)", fields["Owner"]);
        Assert.Equal("none", fields["Host paths"]);
        Assert.DoesNotContain(fields.Values, v => v.Length == 0);
    }
}
