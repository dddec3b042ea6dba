namespace EksIr.Cli.Tests.Identification;

/// <summary>The live-cluster verbs pointed at an API server that cannot be reached: one line on stderr naming it, exit 1 (never a crash, 134).</summary>
public sealed class UnreachableClusterVerbTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Verbs =>
    [
        "k8s node --ip 192.168.23.107",
        "k8s pod sysdiag -n default",
        "contain pod sysdiag -n default",
        "contain node ip-192-168-23-107.us-west-2.compute.internal",
        "acquire pod-logs sysdiag -n default --out logs --execute",
    ];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_verb_on_a_server_that_refuses_connections_says_so_in_one_line_naming_the_server(string verb)
    {
        using var refusing = new RefusingPort();
        var kubeconfig = Kubeconfig.Write(_temp.Combine("kubeconfig"), refusing.Url, "analyst-token");
        var name = string.Join(' ', verb.Split(' ').Take(2));

        var result = await ProcessRun.EksirAsync(_temp.Path, [.. verb.Split(' '), "--kubeconfig", kubeconfig]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"eksir {name}: context incident ({refusing.Url}): the API server cannot be reached: ", line);
        Assert.False(Directory.Exists(_temp.Combine("logs")));
    }
}
