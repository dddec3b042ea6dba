using k8s.Models;

namespace EksIr.Cloud.Kubernetes;

/// <summary>The changes containment makes to a live cluster; every one is a single API request.</summary>
public interface IClusterWriter
{
    Task MergePatchPodAsync(string name, string ns, string patchJson, CancellationToken cancellationToken = default);

    Task MergePatchNodeAsync(string name, string patchJson, CancellationToken cancellationToken = default);

    Task<bool> NetworkPolicyExistsAsync(string name, string ns, CancellationToken cancellationToken = default);

    Task CreateNetworkPolicyAsync(V1NetworkPolicy policy, string ns, CancellationToken cancellationToken = default);
}
