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

public sealed class GuardDutyExportVerbTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_s3_export_gives_the_container_id_runtime_and_process_lineage_in_json_and_on_the_card()
    {
        using (var gz = new System.IO.Compression.GZipStream(File.Create(_temp.Combine("export.jsonl.gz")), System.IO.Compression.CompressionLevel.Optimal))
        {
            gz.Write(System.Text.Encoding.UTF8.GetBytes(RuntimeMonitoringFinding.Camel().ToJsonString() + "\n"));
        }

        var json = await ProcessRun.EksirAsync(_temp.Path, "guardduty", _temp.Combine("export.jsonl.gz"), "--json");
        var card = await ProcessRun.EksirAsync(_temp.Path, "guardduty", _temp.Combine("export.jsonl.gz"));

        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.StdOut);
        var finding = Assert.Single(doc.RootElement.EnumerateArray().ToList());
        var container = Assert.Single(finding.GetProperty("containers").EnumerateArray().ToList());
        Assert.Equal((RuntimeMonitoringFinding.ContainerId, "containerd"), (container.GetProperty("id").GetString(), container.GetProperty("runtime").GetString()));
        Assert.Equal([5398, 5120], finding.GetProperty("process").GetProperty("lineage").EnumerateArray().Select(a => a.GetProperty("pid").GetInt32()));
        Assert.True(card.ExitCode == 0, card.ToString());
        Assert.Contains($"Container id      {RuntimeMonitoringFinding.ContainerId} (containerd, sysdiag)", card.StdOut);
        Assert.Contains("Process lineage   PID 5398 /bin/busybox ← PID 5120 /usr/bin/containerd-shim-runc-v2", card.StdOut);
    }

    [Fact]
    public async Task An_empty_answer_is_a_note_and_exit_zero()
    {
        _temp.Write("none.json", "{\"Findings\": []}");

        var result = await ProcessRun.EksirAsync(_temp.Path, "guardduty", _temp.Combine("none.json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StdOut);
        Assert.Equal("note: no findings in none.json", result.StdErr.Trim());
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

public sealed class K8sSnapshotProblemsTests
{
    [Fact]
    public async Task K8s_node_that_fails_on_a_snapshot_with_unreadable_records_says_them_with_the_failure()
    {
        // An EKS node list of 2020 whose addresses the collector redacted (tests/RealWorld/PROVENANCE.md):
        // jq '.[0] | .metadata.name, .status.addresses' nodes.json gives ip-192-168-28-59.us-east-2.compute.internal and ***HIDDEN***.
        var snapshot = Repo.Path("tests", "RealWorld", "cluster", "troubleshoot-2020-eks");

        var result = await ProcessRun.EksirAsync(Repo.Path(), "k8s", "node", "--ip", "192.168.28.59", "--snapshot", snapshot);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no node has the address 192.168.28.59", line);
        Assert.Contains("the snapshot had 2 damaged or unreadable records: nodes.json: item 1: node ip-192-168-28-59.us-east-2.compute.internal: ", line);
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
        Assert.Equal(["label", "deny all traffic", "check NetworkPolicy enforcement"], actions.Select(a => a.GetProperty("action").GetString()));
        Assert.All(actions, a => Assert.True(a.GetProperty("dryRun").GetBoolean()));
        Assert.Equal("pod default/sysdiag", actions[0].GetProperty("target").GetString());
        Assert.Contains("policyTypes:", actions[1].GetProperty("detail").GetString());
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("a snapshot cannot be changed", refused.StdErr);
    }
}

public sealed class InstanceVerbsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Contain_instance_with_a_profile_and_endpoint_url_acts_on_that_endpoint_and_a_refused_call_exits_1()
    {
        using var server = new FakeAwsServer(Repo.Path("sample-data", "incident-1", "aws"));
        var credentials = _temp.Combine("credentials");
        File.WriteAllText(credentials, $"[ir]\naws_access_key_id = {FakeAwsServer.AccessKey}\naws_secret_access_key = {FakeAwsServer.SecretKey}\n");
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_CONFIG_FILE"] = _temp.Combine("no-config"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        string[] common = ["contain", "instance", "i-0c7d2e91b4a6f3508", "--profile", "ir", "--region", "us-west-2", "--endpoint-url", server.Url];

        var executed = await Eksir(environment, [.. common, "--revoke-before", "2026-11-29T06:00:00Z", "--execute", "--json"]);
        server.Fail("DescribeInstances", "UnauthorizedOperation", 403, message: "You are not authorized to perform this operation.");
        var refused = await Eksir(environment, common);
        var noProfile = await Eksir(environment, ["contain", "instance", "i-0c7d2e91b4a6f3508", "--profile", "nobody", "--region", "us-west-2", "--endpoint-url", server.Url]);

        Assert.True(executed.ExitCode == 0, executed.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(executed.StdOut);
        Assert.All(doc.RootElement.GetProperty("actions").EnumerateArray(), a => Assert.Equal("done", a.GetProperty("outcome").GetString()));
        Assert.Contains("PutRolePolicy", server.Actions);
        Assert.All(server.Calls, c => Assert.True(c.Signed, $"{c.Action}: {c.Scope}"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("DescribeInstances i-0c7d2e91b4a6f3508: UnauthorizedOperation: You are not authorized", refused.StdErr);
        Assert.Equal(1, noProfile.ExitCode);
        Assert.Contains("no AWS profile named 'nobody'", noProfile.StdErr);
    }

    [Fact]
    public async Task Contain_instance_in_a_case_whose_step_is_refused_exits_1_and_journals_what_was_done_and_what_was_not()
    {
        using var server = new FakeAwsServer(Repo.Path("sample-data", "incident-1", "aws"));
        server.Fail("ModifyNetworkInterfaceAttribute", "UnauthorizedOperation", 403, message: "You are not authorized to perform this operation.");
        var credentials = _temp.Combine("credentials");
        File.WriteAllText(credentials, $"[ir]\naws_access_key_id = {FakeAwsServer.AccessKey}\naws_secret_access_key = {FakeAwsServer.SecretKey}\n");
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_CONFIG_FILE"] = _temp.Combine("no-config"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        var journal = _temp.Combine("case", "journal.jsonl");
        var opened = await Eksir(environment, ["case", "open", "--name", "INC-11", "--evidence", Directory.CreateDirectory(_temp.Combine("evidence")).FullName, "--journal", journal]);
        Assert.True(opened.ExitCode == 0, opened.ToString());

        var result = await Eksir(environment, ["contain", "instance", "i-0c7d2e91b4a6f3508", "--profile", "ir", "--region", "us-west-2", "--endpoint-url", server.Url,
            "--execute", "--journal", journal]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("ModifyNetworkInterfaceAttribute eni-0f1e2d3c4b5a69788: UnauthorizedOperation", result.StdOut);
        Assert.Contains("not done (an earlier step failed)", result.StdOut);
        Assert.DoesNotContain("PutRolePolicy", server.Actions);
        var entry = new EksIr.Core.Cases.CaseJournal(journal).Read().Entries[^1];
        Assert.Equal(("contain instance", EksIr.Core.Cases.JournalOutcome.Failed, "true"), (entry.Verb, entry.Outcome, entry.Options["--execute"]));
        Assert.Contains("acted on instance i-0c7d2e91b4a6f3508: ", entry.Summary);
        Assert.Contains("undo: aws ec2 modify-network-interface-attribute", entry.Summary);
    }

    [Fact]
    public async Task Acquire_instance_dry_run_on_the_snapshot_lists_the_steps_and_writes_nothing()
    {
        var output = _temp.Combine("acquired");

        var plan = await ProcessRun.EksirAsync(Repo.Path(), "acquire", "instance", "i-0c7d2e91b4a6f3508", "--snapshot", Repo.Path("sample-data", "incident-1", "aws"),
            "--case", "case-1", "--out", output, "--memory-to", "s3://ir-evidence/case-1/node.lime", "--json");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(plan.StdOut);
        Assert.Equal(["termination protection", "detach from Auto Scaling group", "shutdown behaviour", "tag instance", "list volumes", "keep volume on termination",
                "capture memory", "snapshot volumes"],
            doc.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("action").GetString()));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Auto_scaling_protect_plans_scale_in_protection_and_an_unknown_choice_is_a_usage_error()
    {
        var snapshot = Repo.Path("sample-data", "incident-1", "aws");

        var plan = await ProcessRun.EksirAsync(Repo.Path(), "contain", "instance", "i-0c7d2e91b4a6f3508", "--snapshot", snapshot, "--auto-scaling", "protect", "--json");
        var unknown = await ProcessRun.EksirAsync(Repo.Path(), "acquire", "instance", "i-0c7d2e91b4a6f3508", "--snapshot", snapshot, "--case", "case-1",
            "--auto-scaling", "suspend");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(plan.StdOut);
        var first = doc.RootElement.GetProperty("actions")[0];
        Assert.Equal(("scale-in protection", "aws autoscaling set-instance-protection --instance-ids i-0c7d2e91b4a6f3508 " +
                                             "--auto-scaling-group-name eks-ng-1-a4c6e8f0-1b2c-3d4e-5f60-718293a4b5c6 --no-protected-from-scale-in"),
            (first.GetProperty("action").GetString(), first.GetProperty("rollback").GetString()));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--auto-scaling suspend: use detach", unknown.StdErr);
    }

    private static Task<ProcessResult> Eksir(Dictionary<string, string> environment, string[] args) =>
        ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "eksir.dll"), .. args], Repo.Path(), TimeSpan.FromMinutes(2), environment);
}

public sealed class LogVerbsTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Sql_and_insights_run_locally_by_default_and_live_with_the_endpoint_given()
    {
        using var server = new FakeAwsServer(Repo.Path("sample-data", "incident-1", "aws"))
        {
            Athena = sql => ([("eventname", "varchar"), ("n", "bigint")], [["GetCallerIdentity", "2"], ["ListBuckets", "1"]]),
            Insights = (query, start, end) => [[("@timestamp", "2026-11-29 06:24:05.417"), ("user.username", "dev-intern")]],
        };
        var credentials = _temp.Combine("credentials");
        File.WriteAllText(credentials, $"[default]\naws_access_key_id = {FakeAwsServer.AccessKey}\naws_secret_access_key = {FakeAwsServer.SecretKey}\n");
        var environment = new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials, ["AWS_CONFIG_FILE"] = _temp.Combine("no-config"), ["AWS_EC2_METADATA_DISABLED"] = "true",
        };

        var local = await Eksir(environment, ["sql", "--cloudtrail", Repo.Path("sample-data", "incident-1", "cloudtrail"), "--json",
            "SELECT eventname, count(*) AS n FROM cloudtrail WHERE sourceipaddress = '203.0.113.50' GROUP BY eventname ORDER BY eventname"]);
        var athena = await Eksir(environment, ["sql", "--athena", "--database", "cloudtrail_db", "--workgroup", "incident", "--region", "us-west-2",
            "--endpoint-url", server.Url, "--json", "SELECT eventname, count(*) AS n FROM cloudtrail GROUP BY 1"]);
        var logs = await Eksir(environment, ["insights", "--log-group", "/aws/eks/eksworkshop-eksctl/cluster", "--region", "us-west-2", "--endpoint-url", server.Url,
            "--start", "2026-11-29T06:00:00Z", "--end", "2026-11-29T07:00:00Z", "--template", "exec-commands", "--json"]);
        var template = await Eksir(environment, ["insights", "--logs", Repo.Path("sample-data", "incident-1", "control-plane"), "--template", "who-created-pod", "--param", "pod=default/sysdiag"]);

        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Equal([("DescribeInstances", 1), ("GetCallerIdentity", 1), ("ListBuckets", 1), ("RunInstances", 1)],
            System.Text.Json.JsonDocument.Parse(local.StdOut).RootElement.EnumerateArray().Select(r => (r.GetProperty("eventname").GetString(), r.GetProperty("n").GetInt64())));
        Assert.True(athena.ExitCode == 0, athena.ToString());
        Assert.Equal([("GetCallerIdentity", 2L), ("ListBuckets", 1L)],
            System.Text.Json.JsonDocument.Parse(athena.StdOut).RootElement.EnumerateArray().Select(r => (r.GetProperty("eventname").GetString(), r.GetProperty("n").GetInt64())));
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Equal("dev-intern", System.Text.Json.JsonDocument.Parse(logs.StdOut).RootElement[0].GetProperty("user.username").GetString());
        Assert.Contains(server.Calls, c => c.Service == "logs" && c.Action == "StartQuery" && c.Json.Contains("objectRef.subresource", StringComparison.Ordinal) && c.Signed);
        Assert.Contains(server.Calls, c => c.Service == "athena" && c.Action == "StartQueryExecution" && c.Signed);
        Assert.True(template.ExitCode == 0, template.ToString());
        Assert.Contains("AKIA5DEVINTERN7EXMPL", template.StdOut);
    }

    [Fact]
    public async Task Sql_reads_no_file_of_its_own_unless_allowed_and_says_how()
    {
        var note = _temp.Write("note.txt", "analyst's note");
        var query = $"SELECT content FROM read_text('{note}')";

        var refused = await Eksir([], ["sql", "--cloudtrail", Repo.Path("sample-data", "incident-1", "cloudtrail"), query]);
        var allowed = await Eksir([], ["sql", "--cloudtrail", Repo.Path("sample-data", "incident-1", "cloudtrail"), "--allow-external-access", "--json", query]);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("locked down", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("--allow-external-access", refused.StdErr, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal("analyst's note", System.Text.Json.JsonDocument.Parse(allowed.StdOut).RootElement[0].GetProperty("content").GetString());
    }

    private static Task<ProcessResult> Eksir(Dictionary<string, string> environment, string[] args) =>
        ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "eksir.dll"), .. args], Repo.Path(), TimeSpan.FromMinutes(2), environment);
}
