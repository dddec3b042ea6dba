using EksIr.Core.Evidence;
using EksIr.Logs.Insights;

namespace EksIr.Logs.Tests;

/// <summary>The playbook's named queries on the incident's control-plane logs give the story's answers.</summary>
public sealed class InsightsTemplatesTests : IDisposable
{
    private readonly InsightsLocal _logs = new(new EvidenceRoot(Repo.Path("sample-data", "incident-1")), "control-plane");

    public void Dispose() => _logs.Dispose();

    [Fact]
    public void Every_template_runs_with_its_parameters()
    {
        var values = new Dictionary<string, string> { ["pod"] = "default/sysdiag", ["node"] = "ip-192-168-23-107.us-west-2.compute.internal", ["ip"] = "198.51.100.23" };

        foreach (var template in InsightsTemplates.All)
        {
            var result = _logs.Query(InsightsTemplates.Fill(template, values));
            Assert.True(result.Rows.Count > 0, $"{template.Name} found nothing");
        }
    }

    [Fact]
    public async Task The_links_between_sources_are_one_call_each()
    {
        var binding = Assert.Single(await ControlPlaneFacts.PodToNodeAsync(_logs, "default/sysdiag"));
        var instance = Assert.Single(await ControlPlaneFacts.NodeToInstanceAsync(_logs, binding.Node));
        var logins = await ControlPlaneFacts.ArnToUserAsync(_logs);
        var execs = await ControlPlaneFacts.ExecCommandsAsync(_logs);

        Assert.Equal("ip-192-168-23-107.us-west-2.compute.internal", binding.Node);
        Assert.Equal(("us-west-2b", "i-0c7d2e91b4a6f3508"), (instance.Zone, instance.InstanceId));
        Assert.Equal([("arn:aws:iam::111122223333:role/PlatformOps", "platform-ops", 1L), ("arn:aws:iam::111122223333:user/dev-intern", "dev-intern", 4L)],
            logins.Select(l => (l.Arn, l.Username, l.Logins)));
        Assert.Equal(2, execs.Count);
        Assert.StartsWith("sh -c '\n  mkdir -p /tmp/.x\n  printf \"#!/bin/sh\\nwhile true; do sleep 60; done\\n\" > /tmp/.x/miner.sh\n", execs[0].Command);
        Assert.Contains("cp /bin/busybox /tmp/.x/sh && chmod 4755 /tmp/.x/sh", execs[0].Command);
        Assert.Equal("sh", execs[1].Command);
        Assert.Equal((false, true), (execs[0].Tty, execs[1].Tty));
        Assert.All(execs, e => Assert.Equal(("dev-intern", "default/sysdiag", "sysdiag", "198.51.100.23"), (e.User, e.Pod, e.Container, e.SourceIp)));
    }

    [Fact]
    public void Who_created_the_pod_names_the_iam_user_its_key_and_address()
    {
        var row = Assert.Single(_logs.Query(InsightsTemplates.Fill(InsightsTemplates.Get("who-created-pod"), new Dictionary<string, string> { ["pod"] = "sysdiag" })).Rows);

        Assert.Equal(("dev-intern", "arn:aws:iam::111122223333:user/dev-intern", "AKIA5DEVINTERN7EXMPL", "198.51.100.23"),
            ((string?)row[1], (string?)row[2], (string?)row[3], (string?)row[4]));
    }

    [Theory]
    [InlineData("sysdiag\" or verb = \"get")]
    [InlineData("sysdiag\\\" or verb = \\\"get")]
    [InlineData("x'); DROP TABLE logs; --")]
    public void A_parameter_with_quotes_stays_a_value(string pod)
    {
        var text = InsightsTemplates.Fill(InsightsTemplates.Get("pod-actions"), new Dictionary<string, string> { ["pod"] = pod });

        Assert.Empty(_logs.Query(text).Rows);
        Assert.True(Convert.ToInt64(_logs.Query("stats count(*)").Rows[0][0]) > 100);
    }

    [Fact]
    public void A_missing_parameter_or_unknown_template_is_named()
    {
        Assert.Equal("the template 'node-actions' needs --node", Assert.Throws<ArgumentException>(() => InsightsTemplates.Fill(InsightsTemplates.Get("node-actions"), new Dictionary<string, string>())).Message);
        Assert.StartsWith("no query template 'nope'; the templates are top-events, create-delete,", Assert.Throws<ArgumentException>(() => InsightsTemplates.Get("nope")).Message);
    }
}
