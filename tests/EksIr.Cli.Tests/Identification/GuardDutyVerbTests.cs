using System.Text.Json;

namespace EksIr.Cli.Tests.Identification;

public sealed class GuardDutyVerbTests
{
    [Fact]
    public async Task Guardduty_json_has_the_contract_fields_for_every_finding_of_a_folder()
    {
        var result = await ProcessRun.EksirAsync(Repo.Path(), "guardduty", Repo.Path("sample-data", "incident-1", "guardduty"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        var findings = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, findings.Count);
        foreach (var field in new[] { "type", "severity", "time", "cluster", "instanceId", "privateIps", "publicIps", "workload", "containers", "accessKeyId", "userName" })
        {
            Assert.True(findings[0].TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal("sysdiag", findings[0].GetProperty("workload").GetProperty("name").GetString());
        Assert.True(findings[0].GetProperty("containers")[0].GetProperty("privileged").GetBoolean());
        Assert.Equal("192.168.23.107", findings[1].GetProperty("privateIps")[0].GetString());
        Assert.Equal("i-0c7d2e91b4a6f3508", findings[1].GetProperty("instanceId").GetString());
    }
}

public sealed class K8sVerbsTests
{
    [Fact]
    public async Task K8s_node_and_pod_json_have_the_contract_fields_from_a_snapshot()
    {
        var snapshot = Repo.Path("sample-data", "incident-1", "cluster");

        var node = await ProcessRun.EksirAsync(Repo.Path(), "k8s", "node", "--ip", "192.168.23.107", "--snapshot", snapshot, "--json");
        var pod = await ProcessRun.EksirAsync(Repo.Path(), "k8s", "pod", "sysdiag", "-n", "default", "--snapshot", snapshot, "--json");
        var missing = await ProcessRun.EksirAsync(Repo.Path(), "k8s", "node", "--ip", "10.9.9.9", "--snapshot", snapshot);

        Assert.True(node.ExitCode == 0, node.ToString());
        using (var doc = System.Text.Json.JsonDocument.Parse(node.StdOut))
        {
            foreach (var field in new[] { "name", "instanceId", "providerId", "internalIp", "zone" })
            {
                Assert.True(doc.RootElement.TryGetProperty(field, out _), $"missing {field}");
            }

            Assert.Equal("i-0c7d2e91b4a6f3508", doc.RootElement.GetProperty("instanceId").GetString());
        }

        Assert.True(pod.ExitCode == 0, pod.ToString());
        using (var doc = System.Text.Json.JsonDocument.Parse(pod.StdOut))
        {
            foreach (var field in new[] { "name", "namespace", "node", "instanceId", "privileged", "images", "serviceAccount", "labels" })
            {
                Assert.True(doc.RootElement.TryGetProperty(field, out _), $"missing {field}");
            }

            Assert.True(doc.RootElement.GetProperty("privileged").GetBoolean());
        }

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no node has the address 10.9.9.9", missing.StdErr);
    }
}

public sealed class ContainVerbsTests
{
    [Fact]
    public async Task Contain_pod_json_is_a_dry_run_plan_with_the_policy_and_execute_on_a_snapshot_is_refused()
    {
        var snapshot = Repo.Path("sample-data", "incident-1", "cluster");

        var plan = await ProcessRun.EksirAsync(Repo.Path(), "contain", "pod", "sysdiag", "-n", "default", "--snapshot", snapshot, "--json");
        var refused = await ProcessRun.EksirAsync(Repo.Path(), "contain", "pod", "sysdiag", "-n", "default", "--snapshot", snapshot, "--execute");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(plan.StdOut);
        var actions = doc.RootElement.GetProperty("actions").EnumerateArray().ToList();
        Assert.Equal(["label pod", "deny all traffic"], actions.Select(a => a.GetProperty("action").GetString()));
        Assert.All(actions, a => Assert.True(a.GetProperty("dryRun").GetBoolean()));
        Assert.Equal("pod default/sysdiag", actions[0].GetProperty("target").GetString());
        Assert.Contains("policyTypes:", actions[1].GetProperty("detail").GetString());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("a snapshot cannot be changed", refused.StdErr);
    }
}
