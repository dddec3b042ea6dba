using k8s.Models;

namespace EksIr.Cloud.Kubernetes;

/// <summary>
/// Where the cluster's objects come from: the live API server (the analyst's kubeconfig and context) or a snapshot
/// folder of <c>kubectl get … -o json</c> outputs taken earlier. Both give the same typed objects.
/// </summary>
public interface IClusterSource
{
    /// <summary>For messages and the journal: "snapshot DIR" or "context NAME (server URL)".</summary>
    string Description { get; }

    Task<IReadOnlyList<V1Node>> NodesAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<V1Pod>> PodsAsync(CancellationToken cancellationToken = default);

    /// <summary>One pod, or null when the cluster has no such pod.</summary>
    Task<V1Pod?> PodAsync(string name, string ns, CancellationToken cancellationToken = default);

    /// <summary>Events of all namespaces; null when not known (a snapshot without them, or listing them is forbidden).</summary>
    Task<IReadOnlyList<Corev1Event>?> EventsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<V1ServiceAccount>?> ServiceAccountsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<V1RoleBinding>?> RoleBindingsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<V1ClusterRoleBinding>?> ClusterRoleBindingsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<V1NetworkPolicy>?> NetworkPoliciesAsync(CancellationToken cancellationToken = default);
}
