using EksIr.Cloud.Kubernetes;

namespace EksIr.Core.Tests.Kubernetes;

/// <summary>
/// A live cluster whose API server cannot be answered from here (nothing listens, a proxy's page instead of a Status):
/// every verb's engine says so in one <see cref="ClusterException"/> naming the context and the server, never an
/// unhandled network exception.
/// </summary>
public sealed class UnreachableClusterTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Verbs => ["k8s node", "k8s pod", "contain pod", "contain pod --execute", "contain node", "acquire pod-logs", "acquire pod-logs --execute"];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_server_that_refuses_connections_is_one_error_naming_it(string verb)
    {
        using var refusing = new RefusingPort();
        var live = LiveCluster.FromKubeconfig(Kubeconfig.Write(_temp.Combine("kubeconfig"), refusing.Url, "analyst-token"));

        var error = await Assert.ThrowsAsync<ClusterException>(() => Run(verb, live));

        Assert.StartsWith($"context incident ({refusing.Url}): the API server cannot be reached: ", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task A_proxys_page_in_place_of_the_api_servers_answer_is_one_error_naming_the_status(string verb)
    {
        using var proxy = new LoopbackHttpServer(_ => LoopbackResponse.Text(502, "text/html", "<html><body><h1>Bad gateway</h1><p>\"message\": upstream unreachable</body></html>"));
        var live = LiveCluster.FromKubeconfig(Kubeconfig.Write(_temp.Combine("kubeconfig"), proxy.Url, "analyst-token"));

        var error = await Assert.ThrowsAsync<ClusterException>(() => Run(verb, live));

        Assert.StartsWith($"context incident ({proxy.Url}): the API server answered 502: ", error.Message);
    }

    private Task Run(string verb, LiveCluster live) => verb switch
    {
        "k8s node" => ClusterLookups.NodeByIpAsync(live, "192.168.23.107"),
        "k8s pod" => ClusterLookups.PodAsync(live, "sysdiag", "default"),
        "contain pod" => Containment.PodAsync(live, live, "sysdiag", "default", execute: false),
        "contain pod --execute" => Containment.PodAsync(live, live, "sysdiag", "default", execute: true),
        "contain node" => Containment.NodeAsync(live, live, "ip-192-168-23-107.us-west-2.compute.internal", execute: false),
        "acquire pod-logs" => PodLogAcquisition.RunAsync(live, live, "sysdiag", "default", previous: false, _temp.Combine("out"), execute: false),
        _ => PodLogAcquisition.RunAsync(live, live, "sysdiag", "default", previous: true, _temp.Combine("out"), execute: true),
    };
}
