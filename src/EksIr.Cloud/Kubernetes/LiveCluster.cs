using k8s;
using k8s.Autorest;
using k8s.Models;

namespace EksIr.Cloud.Kubernetes;

/// <summary>
/// The live cluster through KubernetesClient, with the analyst's kubeconfig and context (never parsed here by
/// hand). Read-only: lists and gets.
/// </summary>
public sealed class LiveCluster(IKubernetes client, string description) : IClusterSource, IClusterWriter, IPodLogReader
{
    /// <summary>A client from a kubeconfig file (default: KUBECONFIG or ~/.kube/config) and context (default: current).</summary>
    public static LiveCluster FromKubeconfig(string? kubeconfig = null, string? context = null)
    {
        // As kubectl: --kubeconfig, else the first file of KUBECONFIG, else ~/.kube/config.
        kubeconfig ??= Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);
        return new LiveCluster(new k8s.Kubernetes(config), $"context {context ?? config.CurrentContext} ({config.Host})");
    }

    public string Description { get; } = description;

    public async Task<IReadOnlyList<V1Node>> NodesAsync(CancellationToken cancellationToken = default) =>
        (await Call(() => client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken)).ConfigureAwait(false)).Items.ToList();

    public async Task<IReadOnlyList<V1Pod>> PodsAsync(CancellationToken cancellationToken = default) =>
        (await Call(() => client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken)).ConfigureAwait(false)).Items.ToList();

    public async Task<IReadOnlyList<Corev1Event>?> EventsAsync(CancellationToken cancellationToken = default) =>
        (await Call(() => client.CoreV1.ListEventForAllNamespacesAsync(cancellationToken: cancellationToken)).ConfigureAwait(false)).Items.ToList();

    public async Task<IReadOnlyList<V1ServiceAccount>?> ServiceAccountsAsync(CancellationToken cancellationToken = default) =>
        (await Call(() => client.CoreV1.ListServiceAccountForAllNamespacesAsync(cancellationToken: cancellationToken)).ConfigureAwait(false)).Items.ToList();

    public async Task<IReadOnlyList<V1RoleBinding>?> RoleBindingsAsync(CancellationToken cancellationToken = default) =>
        (await Call(() => client.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(cancellationToken: cancellationToken)).ConfigureAwait(false)).Items.ToList();

    public async Task<IReadOnlyList<V1ClusterRoleBinding>?> ClusterRoleBindingsAsync(CancellationToken cancellationToken = default) =>
        (await Call(() => client.RbacAuthorizationV1.ListClusterRoleBindingAsync(cancellationToken: cancellationToken)).ConfigureAwait(false)).Items.ToList();

    public async Task<IReadOnlyList<V1NetworkPolicy>?> NetworkPoliciesAsync(CancellationToken cancellationToken = default) =>
        (await Call(() => client.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(cancellationToken: cancellationToken)).ConfigureAwait(false)).Items.ToList();

    public Task<V1Pod?> PodAsync(string name, string ns, CancellationToken cancellationToken = default) =>
        Call(async () =>
        {
            try
            {
                return await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
        });

    public Task MergePatchPodAsync(string name, string ns, string patchJson, CancellationToken cancellationToken = default) =>
        Call(() => client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patchJson, V1Patch.PatchType.MergePatch), name, ns, cancellationToken: cancellationToken));

    public Task MergePatchNodeAsync(string name, string patchJson, CancellationToken cancellationToken = default) =>
        Call(() => client.CoreV1.PatchNodeAsync(new V1Patch(patchJson, V1Patch.PatchType.MergePatch), name, cancellationToken: cancellationToken));

    public Task<bool> NetworkPolicyExistsAsync(string name, string ns, CancellationToken cancellationToken = default) =>
        Call(async () =>
        {
            try
            {
                await client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return false;
            }
        });

    public Task CreateNetworkPolicyAsync(V1NetworkPolicy policy, string ns, CancellationToken cancellationToken = default) =>
        Call(() => client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(policy, ns, cancellationToken: cancellationToken));

    public Task<Stream> ReadLogAsync(string pod, string ns, string container, bool previous, CancellationToken cancellationToken = default) =>
        Call(() => client.CoreV1.ReadNamespacedPodLogAsync(pod, ns, container: container, previous: previous, timestamps: true, cancellationToken: cancellationToken));

    /// <summary>
    /// Every call to the API server: an answer that is an error, a server that cannot be reached (refused, unknown
    /// host, TLS) or does not answer in time is one <see cref="ClusterException"/> naming the context and server.
    /// </summary>
    private async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            throw Error(e);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterException($"{Description}: the API server cannot be reached: {e.Message}");
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw new ClusterException($"{Description}: the API server did not answer in time ({e.InnerException.Message})");
        }
    }

    private ClusterException Error(HttpOperationException e) => new(e.Response.StatusCode switch
    {
        System.Net.HttpStatusCode.Unauthorized => $"{Description}: not authenticated (401): refresh the kubeconfig's credentials",
        System.Net.HttpStatusCode.Forbidden => $"{Description}: forbidden (403): {Reason(e)}",
        _ => $"{Description}: the API server answered {(int)e.Response.StatusCode}: {Reason(e)}",
    });

    /// <summary>The message of the API server's Status answer; for any other body (a proxy's page, damaged JSON), the status alone.</summary>
    private static string Reason(HttpOperationException e)
    {
        if (e.Response.Content is not { Length: > 0 } body)
        {
            return e.Message;
        }

        try
        {
            using var status = System.Text.Json.JsonDocument.Parse(body);
            if (status.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && status.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                return message.GetString()!.ReplaceLineEndings(" "); // one line, whatever the server says
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return e.Message;
    }
}
