using EksIr.Core.Evidence;
using EksIr.Cloud.Identification;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Core.Tests.Identification;

/// <summary>
/// A real EKS audit-log finding (PrivilegeEscalation:Kubernetes/PrivilegedContainer) as <c>aws guardduty get-findings</c>
/// printed it in aws-samples/cdk-eks-blueprints-patterns' GuardDuty pattern (MIT-0; tests/RealWorld/PROVENANCE.md): Argo CD's
/// application controller creating a privileged pod. Every expected value is a literal of jq's output on
/// tests/RealWorld/guardduty/cdk-eks-blueprints-privileged-container-finding.json (the command is beside each assertion);
/// the severity label is GuardDuty's own scale (4.0–6.9 Medium, GuardDuty User Guide, "Severity levels of GuardDuty findings").
/// </summary>
public sealed class GuardDutyBlueprintsSampleTests
{
    private static GuardDutyFindings Read() =>
        GuardDutyFindings.Read(new EvidenceRoot(Repo.Path("tests", "RealWorld", "guardduty")), "cdk-eks-blueprints-privileged-container-finding.json");

    [Fact]
    public void The_privileged_container_finding_names_the_cluster_the_pod_and_the_service_account_that_made_it()
    {
        var findings = Read();

        var f = Assert.Single(findings.Findings);
        Assert.Empty(findings.Problems);
        // jq -c '.Findings[0]|[.Id,.Type,.Severity,.Service.EventFirstSeen,.AccountId,.Region,.Resource.EksClusterDetails.Name,.Resource.EksClusterDetails.Arn]'
        // ["f2c3859c6ca25b3057d13470a992bbd7","PrivilegeEscalation:Kubernetes/PrivilegedContainer",5,"2023-03-22T21:27:18.186Z",
        //  "123456789012","us-east-1","guardduty-blueprint","arn:aws:eks:us-east-1:123456789012:cluster/guardduty-blueprint"]
        Assert.Equal(("f2c3859c6ca25b3057d13470a992bbd7", "PrivilegeEscalation:Kubernetes/PrivilegedContainer", 5.0, "Medium"), (f.Id, f.Type, f.Severity, f.SeverityLabel));
        Assert.Equal("2023-03-22T21:27:18.186Z", f.Time.ToString());
        Assert.Equal(("123456789012", "us-east-1", "guardduty-blueprint", "arn:aws:eks:us-east-1:123456789012:cluster/guardduty-blueprint"),
            (f.Account, f.Region, f.Cluster, f.ClusterArn));
        // jq -c '.Findings[0].Resource.KubernetesDetails|[.KubernetesUserDetails.Username,.KubernetesUserDetails.Groups,
        //        (.KubernetesWorkloadDetails|[.Type,.Namespace,.Name,.Uid,.HostNetwork]),(.KubernetesWorkloadDetails.Containers[]|[.Name,.Image,.SecurityContext.Privileged])]'
        // ["system:serviceaccount:argocd:argocd-application-controller",["system:serviceaccounts","system:serviceaccounts:argocd","system:authenticated"],
        //  ["pods","argocd","privileged-pod","33a3c89e-3280-474d-b8cb-fdf03394fc15",false],["app","centos",true]]
        Assert.Equal("system:serviceaccount:argocd:argocd-application-controller", f.UserName);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:argocd", "system:authenticated"], f.KubernetesGroups);
        Assert.Equal(new GuardDutyWorkload("privileged-pod", "pods", "argocd", "33a3c89e-3280-474d-b8cb-fdf03394fc15", false), f.Workload);
        Assert.Equal([new GuardDutyContainer("app", "centos", true)], f.Containers);
        Assert.Null(f.InstanceId);
        Assert.Null(f.Process);
    }

    [Fact]
    public void The_api_call_behind_it_is_the_pod_create_with_its_source_address_agent_and_status()
    {
        var f = Assert.Single(Read().Findings);

        // jq -c '.Findings[0].Service.Action|[.ActionType,(.KubernetesApiCallAction|[.Verb,.RequestUri,.RemoteIpDetails.IpAddressV4,.UserAgent,.StatusCode])]'
        // ["KUBERNETES_API_CALL",["create","/api/v1/namespaces/argocd/pods","10.0.205.129","argocd-application-controller/v0.0.0 (linux/amd64) kubernetes/$Format",201]]
        var a = f.Action!;
        Assert.Equal(("KUBERNETES_API_CALL", "create", "/api/v1/namespaces/argocd/pods", "argocd-application-controller/v0.0.0 (linux/amd64) kubernetes/$Format", 201),
            (a.Type, a.Verb, a.RequestUri, a.UserAgent, a.StatusCode));
        Assert.Equal(["10.0.205.129"], a.SourceIps);

        var card = GuardDutyViews.Card(f).ToDictionary(r => r[0]!, r => r[1]);
        Assert.Equal("pods argocd/privileged-pod (uid 33a3c89e-3280-474d-b8cb-fdf03394fc15)", card["Workload"]);
        Assert.Equal("app: centos (privileged)", card["Containers"]);
        Assert.Equal("KUBERNETES_API_CALL: create /api/v1/namespaces/argocd/pods from 10.0.205.129 (argocd-application-controller/v0.0.0 (linux/amd64) kubernetes/$Format) → 201",
            card["Action"]);
    }
}
