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
