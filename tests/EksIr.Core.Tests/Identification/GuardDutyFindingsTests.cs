using EksIr.Core.Evidence;
using EksIr.Core.Identification;

namespace EksIr.Core.Tests.Identification;

public sealed class GuardDutyFindingsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly EvidenceRoot Incident = new(Repo.Path("sample-data", "incident-1"));

    [Fact]
    public void The_pod_finding_names_the_workload_the_user_and_the_api_call()
    {
        var f = Assert.Single(GuardDutyFindings.Read(Incident, "guardduty/finding-privileged-container.json").Findings);

        Assert.Equal(("PrivilegeEscalation:Kubernetes/PrivilegedContainer", 5.0, "Medium"), (f.Type, f.Severity, f.SeverityLabel));
        Assert.Equal(("eksworkshop-eksctl", "111122223333", "us-west-2"), (f.Cluster, f.Account, f.Region));
        Assert.Equal(new GuardDutyWorkload("sysdiag", "pods", "default", "3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b", false), f.Workload);
        Assert.Equal([new GuardDutyContainer("sysdiag", "registry.example/sysdiag:1.0", true)], f.Containers);
        Assert.Equal(("dev-intern", (string?)null), (f.UserName, f.InstanceId));
        Assert.Equal(("create", "/api/v1/namespaces/default/pods", 201), (f.Action!.Verb, f.Action.RequestUri, f.Action.StatusCode));
        Assert.Equal(["198.51.100.23"], f.Action.SourceIps);
        Assert.Equal("2026-11-29T06:23:30.000000000Z", f.Time.ToString());
    }

    [Fact]
    public void The_runtime_finding_from_the_cli_export_names_the_node_its_addresses_and_the_process()
    {
        var f = Assert.Single(GuardDutyFindings.Read(Incident, "guardduty/finding-runtime-miner.json").Findings);

        Assert.Equal(("i-0c7d2e91b4a6f3508", "High"), (f.InstanceId, f.SeverityLabel));
        Assert.Equal(["192.168.23.107"], f.PrivateIps);
        Assert.Equal(["192.0.2.44"], f.PublicIps);
        Assert.Contains("ip-192-168-23-107.us-west-2.compute.internal", f.DnsNames);
        Assert.Equal(("kworker/0:2", 5310), (f.Process!.Name, f.Process.Pid));
        Assert.Equal("203.0.113.50:3333/TCP", f.Action!.RequestUri);
        Assert.Null(f.Workload);
    }

    [Fact]
    public void A_folder_merges_its_exports_in_time_order()
    {
        var findings = GuardDutyFindings.Read(Incident, "guardduty");

        Assert.Equal(["PrivilegeEscalation:Kubernetes/PrivilegedContainer", "CryptoCurrency:Runtime/BitcoinTool.B"], findings.Findings.Select(f => f.Type));
        Assert.Equal("2 GuardDuty findings", findings.Summary);
    }

    [Fact]
    public void An_eventbridge_event_a_bare_list_and_damaged_input_are_handled()
    {
        _temp.Write("event.json", """
            {"version":"0","detail-type":"GuardDuty Finding","source":"aws.guardduty",
             "detail":{"type":"Policy:Kubernetes/AnonymousAccessGranted","severity":8,"resource":{"eksClusterDetails":{"name":"c1"},
               "accessKeyDetails":{"accessKeyId":"ASIA5EXAMPLE7KEY2ID3","userName":"alice"}}}}
            """);
        _temp.Write("list.json", """[{"Type":"Discovery:Kubernetes/SuccessfulAnonymousAccess","Severity":2}, 42, {"Title":"no type"}]""");
        _temp.Write("broken.json", "{\n  \"Findings\": [\n    {\"Type\": \"x\",,\n");
        var root = new EvidenceRoot(_temp.Path);

        var bridge = Assert.Single(GuardDutyFindings.Read(root, "event.json").Findings);
        var list = GuardDutyFindings.Read(root, "list.json");
        var broken = Assert.Throws<EvidenceAccessException>(() => GuardDutyFindings.Read(root, "broken.json"));

        Assert.Equal(("c1", "ASIA5EXAMPLE7KEY2ID3", "alice", "High"), (bridge.Cluster, bridge.AccessKeyId, bridge.UserName, bridge.SeverityLabel));
        Assert.Equal("Low", Assert.Single(list.Findings).SeverityLabel);
        Assert.Equal(["finding 2", "finding 3"], list.Problems.Select(p => p.Where));
        Assert.StartsWith("broken.json: not JSON (line 3", broken.Message);
    }

    [Fact]
    public void A_security_hub_asff_export_gives_the_same_card_fields()
    {
        _temp.Write("asff.json", """
            {"Findings": [{
              "SchemaVersion": "2018-10-08",
              "Id": "arn:aws:guardduty:us-west-2:111122223333:detector/d1/finding/f1",
              "ProductArn": "arn:aws:securityhub:us-west-2::product/aws/guardduty",
              "AwsAccountId": "111122223333", "Region": "us-west-2",
              "Types": ["TTPs/Privilege Escalation/PrivilegeEscalation:Kubernetes-PrivilegedContainer"],
              "FirstObservedAt": "2026-11-29T06:23:30.512Z", "CreatedAt": "2026-11-29T06:31:02.000Z",
              "Severity": {"Product": 5, "Label": "MEDIUM", "Normalized": 50},
              "Title": "Privileged container with root level access launched on the EKS Cluster.",
              "ProductFields": {
                "aws/guardduty/service/eventFirstSeen": "2026-11-29T06:23:30.512Z",
                "aws/guardduty/service/action/actionType": "KUBERNETES_API_CALL",
                "aws/guardduty/service/action/kubernetesApiCallAction/verb": "create",
                "aws/guardduty/service/action/kubernetesApiCallAction/requestUri": "/api/v1/namespaces/default/pods",
                "aws/guardduty/service/action/kubernetesApiCallAction/remoteIpDetails/ipAddressV4": "198.51.100.23",
                "aws/guardduty/resource/kubernetesDetails/kubernetesWorkloadDetails/name": "sysdiag",
                "aws/guardduty/resource/kubernetesDetails/kubernetesWorkloadDetails/namespace": "default",
                "aws/guardduty/resource/kubernetesDetails/kubernetesUserDetails/username": "dev-intern"
              },
              "Resources": [
                {"Type": "AwsEksCluster", "Id": "arn:aws:eks:us-west-2:111122223333:cluster/eksworkshop-eksctl", "Details": {"AwsEksCluster": {"Name": "eksworkshop-eksctl"}}},
                {"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-west-2:111122223333:instance/i-0c7d2e91b4a6f3508",
                 "Details": {"AwsEc2Instance": {"IpV4Addresses": ["192.168.23.107", "192.0.2.44"]}}},
                {"Type": "Container", "Id": "sysdiag", "Details": {"Container": {"Name": "sysdiag", "ImageName": "registry.example/sysdiag:1.0", "Privileged": true}}}
              ]}]}
            """);

        var f = Assert.Single(GuardDutyFindings.Read(new EvidenceRoot(_temp.Path), "asff.json").Findings);

        Assert.Equal(("PrivilegeEscalation:Kubernetes/PrivilegedContainer", 5.0, "Medium"), (f.Type, f.Severity, f.SeverityLabel));
        Assert.Equal(("eksworkshop-eksctl", "i-0c7d2e91b4a6f3508", "111122223333"), (f.Cluster, f.InstanceId, f.Account));
        Assert.Equal(["192.168.23.107"], f.PrivateIps);
        Assert.Equal(["192.0.2.44"], f.PublicIps);
        Assert.Equal(("sysdiag", "default"), (f.Workload!.Name, f.Workload.Namespace));
        Assert.Equal(("sysdiag", "registry.example/sysdiag:1.0", true), (f.Containers[0].Name, f.Containers[0].Image, f.Containers[0].Privileged));
        Assert.Equal("dev-intern", f.UserName);
        Assert.Equal(["198.51.100.23"], f.Action!.SourceIps);
        Assert.Equal("2026-11-29T06:23:30.512000000Z", f.Time!.Value.ToString());
    }
}
