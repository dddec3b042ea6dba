using EksIr.Core.Evidence;
using EksIr.Logs.Insights;

namespace EksIr.Logs.Tests;

/// <summary>
/// create-delete answers "what was created or deleted, by whom" without the control plane's own work, and without
/// hiding a person or a stolen token behind a "system:" name. The user names are Kubernetes' and EKS's documented forms:
/// service accounts "system:serviceaccount:NAMESPACE:NAME", kubelets "system:node:NODE" (Kubernetes "Authenticating",
/// "Using Node Authorization"), the scheduler/controller-manager/proxy "system:kube-…" (Kubernetes "Using RBAC
/// Authorization", core component roles), the API server's loopback "system:apiserver", the anonymous user
/// "system:anonymous", and EKS's managed components "eks:…" (Amazon EKS User Guide, the eks: cluster roles); a name that
/// only begins like one of them (system:apiserver-proxy) is kept.
/// </summary>
public sealed class CreateDeletePeopleTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_controllers_kubelets_and_eks_components_are_left_out_and_everyone_else_is_kept()
    {
        string[] users =
        [
            "system:serviceaccount:kube-system:replicaset-controller", "system:node:ip-10-0-1-7.ec2.internal", "system:kube-scheduler",
            "system:kube-controller-manager", "system:apiserver", "eks:node-manager",
            "system:serviceaccount:default:builder", "system:anonymous", "system:admin", "kubernetes-admin", "system:apiserver-proxy",
        ];
        var lines = users.Select((u, i) =>
            $"{{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"id-{i}\",\"stage\":\"ResponseComplete\",\"verb\":\"create\"," +
            $"\"requestURI\":\"/api/v1/namespaces/default/pods\",\"user\":{{\"username\":\"{u}\"}},\"sourceIPs\":[\"10.0.0.{i}\"],\"objectRef\":{{\"resource\":\"pods\",\"namespace\":\"default\",\"name\":\"p{i}\"}}," +
            $"\"responseStatus\":{{\"code\":201}},\"requestReceivedTimestamp\":\"2026-11-29T06:00:{i:D2}.000000Z\",\"stageTimestamp\":\"2026-11-29T06:00:{i:D2}.100000Z\"}}");
        _temp.Write("apiserver/audit.log", string.Join("\n", lines) + "\n");
        using var logs = new InsightsLocal(new EvidenceRoot(_temp.Path), "apiserver");

        var result = await InsightsTemplates.QueryAsync(logs, "create-delete", new Dictionary<string, string>());

        var column = result.Columns.Select(c => c.Name).ToList().IndexOf("user.username");
        Assert.Equal(["system:serviceaccount:default:builder", "system:anonymous", "system:admin", "kubernetes-admin", "system:apiserver-proxy"],
            result.Rows.Select(r => (string?)r[column]));
    }
}
