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
        Assert.Equal(((string?)null, "i-0c7d2e91b4a6f3508"), (instance.Zone, instance.InstanceId)); // the tagging controller names no zone
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

    [Fact]
    public void Each_template_is_the_query_of_its_golden_case()
    {
        // Golden/Insights/template-NAME.json holds the results AWS's documentation gives for the shipped query.
        var values = new Dictionary<string, string> { ["pod"] = "default/sysdiag", ["node"] = "ip-192-168-23-107.us-west-2.compute.internal", ["ip"] = "198.51.100.23" };
        foreach (var template in InsightsTemplates.All)
        {
            var golden = Path.Combine(AppContext.BaseDirectory, "Golden", "Insights", $"template-{template.Name}.json");
            var query = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(golden))!["query"]!.GetValue<string>();
            Assert.True(InsightsTemplates.Fill(template, values) == query, $"{template.Name}: the shipped query differs from its golden case");
        }
    }

    [Fact]
    public async Task Exec_commands_come_with_the_command_decoded()
    {
        var result = await InsightsTemplates.QueryAsync(_logs, "exec-commands", new Dictionary<string, string>());

        var columns = result.Columns.Select(c => c.Name).ToList();
        Assert.Equal(["@timestamp", "user.username", "objectRef.namespace", "objectRef.name", "command", "container", "tty", "sourceIPs.0", "responseStatus.code", "requestURI"], columns);
        var commands = result.Rows.Select(r => (string?)r[columns.IndexOf("command")]).ToList();
        // What kubectl sent, from the request URIs: sh -c '<script>' and an interactive sh.
        Assert.StartsWith("sh -c '⏎mkdir -p /tmp/.x⏎printf \"#!/bin/sh\\nwhile true; do sleep 60; done\\n\" > /tmp/.x/miner.sh⏎", commands[0]);
        Assert.Equal("sh", commands[1]);
        Assert.Equal([false, true], result.Rows.Select(r => (bool)r[columns.IndexOf("tty")]!));
    }

    [Fact]
    public void Every_audit_template_finds_kube_apiservers_own_audit_log_as_json_lines()
    {
        // The incident's audit events as kube-apiserver writes audit.log: one JSON event per line, no log stream name.
        using var temp = new TempDir();
        var lines = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Repo.Path("sample-data", "incident-1", "control-plane", "filter-log-events-audit.json")))
            .RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
        temp.Write("apiserver/audit.log", string.Join("\n", lines) + "\n");
        using var logs = new InsightsLocal(new EvidenceRoot(temp.Path), "apiserver");
        var values = new Dictionary<string, string> { ["pod"] = "default/sysdiag", ["node"] = "ip-192-168-23-107.us-west-2.compute.internal", ["ip"] = "198.51.100.23" };

        foreach (var template in InsightsTemplates.All.Where(t => t.Text.Contains("auditID", StringComparison.Ordinal)))
        {
            Assert.True(logs.Query(InsightsTemplates.Fill(template, values)).Rows.Count > 0, $"{template.Name} found nothing in audit.log");
        }
    }

    [Fact]
    public void Who_created_a_pod_finds_one_a_controller_made_with_generateName()
    {
        // kube-apiserver audits a create with generateName before the name exists: objectRef has no name; at level
        // RequestResponse the response object carries the name given (Kubernetes' audit event, audit.k8s.io/v1).
        using var temp = new TempDir();
        var created = new
        {
            kind = "Event", apiVersion = "audit.k8s.io/v1", level = "RequestResponse", auditID = "7f1e6f0a-3c1b-4d2e-9a8b-0c1d2e3f4a5b", stage = "ResponseComplete",
            requestURI = "/api/v1/namespaces/shop/pods", verb = "create",
            user = new { username = "system:serviceaccount:kube-system:replicaset-controller" },
            sourceIPs = new[] { "192.168.10.5" },
            objectRef = new { resource = "pods", @namespace = "shop", apiVersion = "v1" },
            responseStatus = new { code = 201 },
            requestObject = new { kind = "Pod", metadata = new { generateName = "web-7d4b9c-", @namespace = "shop" } },
            responseObject = new { kind = "Pod", metadata = new { name = "web-7d4b9c-x2x9q", generateName = "web-7d4b9c-", @namespace = "shop" } },
            requestReceivedTimestamp = "2026-11-29T06:10:00.000000Z", stageTimestamp = "2026-11-29T06:10:00.012000Z",
        };
        temp.Write("apiserver/audit.log", System.Text.Json.JsonSerializer.Serialize(created) + "\n");
        using var logs = new InsightsLocal(new EvidenceRoot(temp.Path), "apiserver");

        var rows = logs.Query(InsightsTemplates.Fill(InsightsTemplates.Get("who-created-pod"), new Dictionary<string, string> { ["pod"] = "shop/web-7d4b9c-x2x9q" })).Rows;

        var row = Assert.Single(rows);
        Assert.Equal(("system:serviceaccount:kube-system:replicaset-controller", "web-7d4b9c-"), ((string?)row[1], (string?)row[7]));
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
        Assert.Equal("the template 'node-actions' needs --param node=NODE (its parameters: node)", Assert.Throws<ArgumentException>(() => InsightsTemplates.Fill(InsightsTemplates.Get("node-actions"), new Dictionary<string, string>())).Message);
        Assert.StartsWith("no query template 'nope'; the templates are top-events, create-delete,", Assert.Throws<ArgumentException>(() => InsightsTemplates.Get("nope")).Message);
    }
}
