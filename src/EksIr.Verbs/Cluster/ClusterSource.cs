using EksIr.Cloud.Kubernetes;

namespace EksIr.Verbs.Cluster;

/// <summary>The cluster a verb asks: a snapshot of it (<c>--snapshot</c>, evidence) or the live cluster from kubeconfig (<c>--kubeconfig</c>, <c>--context</c>).</summary>
public static class ClusterSource
{
    public static IReadOnlyList<VerbOption> Options { get; } =
    [
        new("--snapshot", "a folder of kubectl get … -o json outputs to ask instead of the live cluster", Evidence: true),
        new("--context", "kubeconfig context of the live cluster (default: the current one)"),
        new("--kubeconfig", "kubeconfig file of the live cluster (default: KUBECONFIG or ~/.kube/config)"),
    ];

    /// <summary>Asks the cluster the call names; its snapshot's problems come with the answer.</summary>
    public static Task<SourceAnswer<T>> AskAsync<T>(VerbCall call, Func<IClusterSource, Task<T>> ask)
    {
        if (call.Arguments.Value("--snapshot") is not { } given)
        {
            var live = LiveCluster.FromKubeconfig(call.Arguments.Value("--kubeconfig"), call.Arguments.Value("--context"));
            return SourceAnswer<T>.AskAsync([], () => ask(live));
        }

        var (root, path) = call.File("--snapshot");
        var snapshot = new SnapshotCluster(root, path, given);
        return SourceAnswer<T>.AskAsync(snapshot.Problems, () => ask(snapshot));
    }
}
