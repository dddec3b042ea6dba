using CsCheck;
using EksIr.Core.Evidence;
using EksIr.Cloud.Identification;

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
        Assert.Equal("2026-11-29T06:23:30Z", f.Time.ToString());
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
        Assert.Equal("2026-11-29T06:23:30.512Z", f.Time!.Value.ToString());
    }

    private static byte[] SampleBytes(string name) => File.ReadAllBytes(Repo.Path("sample-data", "incident-1", "guardduty", name));

    /// <summary>The bytes with <paramref name="bad"/> put in place of the first occurrence of <paramref name="text"/>'s middle character.</summary>
    private static (byte[] Bytes, int At) Spoil(byte[] bytes, string text, params byte[] bad)
    {
        var at = bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) + text.Length / 2;
        return ([.. bytes[..at], .. bad, .. bytes[(at + 1)..]], at);
    }

    [Fact]
    public void A_finding_with_bytes_that_are_not_utf8_in_a_key_and_a_value_is_kept_with_U_FFFD_and_the_file_and_byte_said()
    {
        var (valueSpoilt, at) = Spoil(SampleBytes("finding-privileged-container.json"), "\"sysdiag\"", 0xFF); // "sys\xFFiag": the workload's name
        var (bytes, _) = Spoil(valueSpoilt, "\"partition\"", 0xE2, 0x82); // a key with a 3-byte sequence cut short
        File.WriteAllBytes(_temp.Combine("finding.json"), bytes);

        var findings = GuardDutyFindings.Read(new EvidenceRoot(_temp.Path), "finding.json");

        var f = Assert.Single(findings.Findings);
        Assert.Equal("sys\uFFFDiag", f.Workload!.Name);
        Assert.Equal("PrivilegeEscalation:Kubernetes/PrivilegedContainer", f.Type);
        var problem = Assert.Single(findings.Problems);
        Assert.Equal(("finding.json", $"byte {bytes.AsSpan().IndexOf([(byte)0xE2, (byte)0x82])}"), (problem.File, problem.Where));
        Assert.StartsWith("3 bytes that are not UTF-8 replaced with U+FFFD", problem.Problem);
        Assert.True(bytes.AsSpan().IndexOf([(byte)0xE2, (byte)0x82]) < at, "the key comes first in the file");
    }

    [Fact]
    public void A_malformed_file_between_two_good_ones_is_named_with_its_line_and_their_findings_are_kept()
    {
        Directory.CreateDirectory(_temp.Combine("gd"));
        File.WriteAllBytes(_temp.Combine("gd", "a.json"), SampleBytes("finding-privileged-container.json"));
        _temp.Write("gd/b.json", "{\n  \"Findings\": [\n    {\"Type\": \"x\",,\n");
        File.WriteAllBytes(_temp.Combine("gd", "c.json"), SampleBytes("finding-runtime-miner.json"));

        var findings = GuardDutyFindings.Read(new EvidenceRoot(_temp.Path), "gd");

        Assert.Equal(["PrivilegeEscalation:Kubernetes/PrivilegedContainer", "CryptoCurrency:Runtime/BitcoinTool.B"], findings.Findings.Select(f => f.Type));
        var problem = Assert.Single(findings.Problems);
        Assert.Equal(("gd/b.json", "line 3, byte 17"), (problem.File, problem.Where)); // the second comma
        Assert.StartsWith("not JSON: ", problem.Problem);
        Assert.EndsWith("none of its findings are listed, the folder's other files are", problem.Problem);
        Assert.Contains(", 1 problem (what was skipped or repaired)", findings.Summary);
    }

    [Fact]
    public void A_file_of_a_folder_that_holds_no_finding_or_no_json_at_all_is_named_and_the_others_are_read()
    {
        Directory.CreateDirectory(_temp.Combine("gd"));
        File.WriteAllBytes(_temp.Combine("gd", "a.json"), SampleBytes("finding-runtime-miner.json"));
        _temp.Write("gd/b.json", "\"a string\"");
        _temp.Write("gd/c.json", "   ");

        var findings = GuardDutyFindings.Read(new EvidenceRoot(_temp.Path), "gd");

        Assert.Equal(["CryptoCurrency:Runtime/BitcoinTool.B"], findings.Findings.Select(f => f.Type));
        Assert.Equal(["gd/b.json", "gd/c.json"], findings.Problems.Select(p => p.File));
        Assert.StartsWith("no GuardDuty finding in it", findings.Problems[0].Problem);
        Assert.StartsWith("not JSON", findings.Problems[1].Problem);
    }

    [Fact]
    public void Any_damage_to_an_export_with_bytes_that_are_not_utf8_never_crashes_the_reader()
    {
        var sample = SampleBytes("finding-privileged-container.json");
        byte[][] hostile = [[0xFF], [0x80], [0xE2, 0x82], [0xC0], [0xED, 0xA0, 0x80], "\\udc00"u8.ToArray(), "\""u8.ToArray(), "{"u8.ToArray(), "1e999"u8.ToArray()];
        var root = new EvidenceRoot(_temp.Path);
        Gen.Int[0, sample.Length - 1].Array[1, 6].Select(Gen.Int[0, hostile.Length - 1].Array[6], Gen.Bool).Sample((positions, which, replace) =>
        {
            var bytes = HostileBytes.Put(sample, positions, which, replace, hostile);
            var name = $"fuzz-{Guid.NewGuid():N}.json";
            File.WriteAllBytes(_temp.Combine(name), bytes);
            try
            {
                var findings = GuardDutyFindings.Read(root, name);
                Assert.All(findings.Problems, p => Assert.Equal(name, p.File));
                _ = findings.Summary;
            }
            catch (EvidenceAccessException e)
            {
                Assert.StartsWith(name + ": ", e.Message); // a single file that cannot be read: one error naming it
            }
        }, iter: 2000);
    }
}
