using EksIr.Core.Cases;
using Microsoft.DotNet.Interactive;

namespace EksIr.Kernel.Tests.Identification;

/// <summary>From the GuardDuty finding to the pod, its node and the EC2 instance, inside a case, on the incident's snapshot.</summary>
public sealed class IdentificationDirectivesTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Guardduty_then_k8s_pod_and_node_on_the_snapshot_are_shown_and_journaled()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-8 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{journal}\"")).ShouldSucceed();

        var findings = await kernel.SubmitCodeAsync("#!guardduty guardduty");
        var pod = await kernel.SubmitCodeAsync("#!k8s pod sysdiag -n default --snapshot cluster");
        var node = await kernel.SubmitCodeAsync("#!k8s node --ip 192.168.23.107 --snapshot cluster");
        var missing = await kernel.SubmitCodeAsync("#!k8s node --ip 10.1.1.1 --snapshot cluster");

        findings.ShouldSucceed();
        Assert.Contains("CryptoCurrency:Runtime/BitcoinTool.B", findings.SingleDisplayedHtml());
        pod.ShouldSucceed();
        Assert.Contains("i-0c7d2e91b4a6f3508", pod.SingleDisplayedText());
        Assert.Contains("Privileged       YES", pod.SingleDisplayedText());
        node.ShouldSucceed();
        Assert.Contains("ip-192-168-23-107.us-west-2.compute.internal", node.SingleDisplayedHtml());
        Assert.Contains("no node has the address 10.1.1.1", Assert.Single(missing.Events.OfType<Microsoft.DotNet.Interactive.Events.CommandFailed>()).Message);

        var entries = new CaseJournal(journal).Read().Entries;
        Assert.Equal(["guardduty", "k8s pod", "k8s node", "k8s node"], entries.Skip(1).Select(e => e.Verb));
        Assert.Equal("default", entries[2].Options["-n"]);
        Assert.Equal(JournalOutcome.Failed, entries[^1].Outcome);
        Assert.Contains(entries[2].EvidenceRead, r => r.Path == "cluster/pods.json" && r.Sha256 is not null);
    }

    [Fact]
    public async Task A_snapshot_left_empty_asks_the_live_cluster_as_the_playbooks_parameters_say()
    {
        using var kernel = await KernelFixture.CreateAsync();
        using var refusing = new RefusingPort();
        var kubeconfig = Kubeconfig.Write(_temp.Combine("kubeconfig"), refusing.Url, "analyst-token");
        var journal = _temp.Combine("case", "journal.jsonl");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-8 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{journal}\"")).ShouldSucceed();

        var asked = await kernel.SubmitCodeAsync($"#!k8s node --ip 192.168.23.107 --snapshot \"\" --kubeconfig \"{kubeconfig}\"");

        Assert.Contains($"({refusing.Url}): the API server cannot be reached", Assert.Single(asked.Events.OfType<Microsoft.DotNet.Interactive.Events.CommandFailed>()).Message);
        var entry = new CaseJournal(journal).Read().Entries[^1];
        Assert.Equal(("k8s node", JournalOutcome.Failed), (entry.Verb, entry.Outcome));
        Assert.False(entry.Options.ContainsKey("--snapshot"));
    }

    [Fact]
    public async Task Guardduty_on_the_s3_export_shows_the_runtime_container_id_and_the_process_lineage_on_the_card()
    {
        using var kernel = await KernelFixture.CreateAsync();
        _temp.Write("evidence/guardduty/export.jsonl", RuntimeMonitoringFinding.Camel().ToJsonString() + "\n");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-10 --evidence \"{_temp.Combine("evidence")}\" --journal \"{_temp.Combine("case", "journal.jsonl")}\"")).ShouldSucceed();

        var result = await kernel.SubmitCodeAsync("#!guardduty guardduty/export.jsonl");

        result.ShouldSucceed();
        var html = result.SingleDisplayedHtml();
        Assert.Contains($"{RuntimeMonitoringFinding.ContainerId} (containerd, sysdiag)", html);
        Assert.Contains("PID 5398 /bin/busybox ← PID 5120 /usr/bin/containerd-shim-runc-v2", html);
    }

    [Fact]
    public async Task Contain_pod_on_a_snapshot_is_a_journaled_dry_run_and_execute_on_a_snapshot_is_refused()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-9 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{journal}\"")).ShouldSucceed();

        var plan = await kernel.SubmitCodeAsync("#!contain pod sysdiag -n default --snapshot cluster");
        var refused = await kernel.SubmitCodeAsync("#!contain node ip-192-168-23-107.us-west-2.compute.internal --snapshot cluster --execute");

        plan.ShouldSucceed();
        var html = plan.SingleDisplayedHtml();
        Assert.Contains("dry run for pod default/sysdiag: 2 planned (dry run), 1 checked", html);
        Assert.Contains("NOT enforced as far as the 2 kube-system pods show", html); // the sample's aws-node pods run no network policy agent
        Assert.Contains("kind: NetworkPolicy", html);
        Assert.Contains("a snapshot cannot be changed", Assert.Single(refused.Events.OfType<Microsoft.DotNet.Interactive.Events.CommandFailed>()).Message);
        var entries = new CaseJournal(journal).Read().Entries;
        Assert.Contains("undo: kubectl label pod sysdiag -n default phase-", entries[^2].Summary);
        Assert.Equal(("contain node", JournalOutcome.Failed, "true"), (entries[^1].Verb, entries[^1].Outcome, entries[^1].Options["--execute"]));
    }

    [Fact]
    public async Task Contain_and_acquire_instance_on_the_aws_snapshot_are_journaled_dry_runs_and_a_bad_destination_fails_the_cell()
    {
        using var kernel = await KernelFixture.CreateAsync();
        var journal = _temp.Combine("case", "journal.jsonl");
        (await kernel.SubmitCodeAsync($"#!case open --name INC-10 --evidence \"{Repo.Path("sample-data", "incident-1")}\" --journal \"{journal}\"")).ShouldSucceed();

        var contain = await kernel.SubmitCodeAsync("#!contain instance i-0c7d2e91b4a6f3508 --snapshot aws --revoke-before 2026-11-29T06:00:00Z");
        var acquire = await kernel.SubmitCodeAsync("#!acquire instance i-0c7d2e91b4a6f3508 --snapshot aws --memory-to s3://ir-evidence-111122223333/INC-10/node.lime");
        var bad = await kernel.SubmitCodeAsync("#!acquire instance i-0c7d2e91b4a6f3508 --snapshot aws --memory-to \"s3://bucket/$(id)\"");

        contain.ShouldSucceed();
        var html = contain.SingleDisplayedHtml();
        Assert.Contains("dry run for instance i-0c7d2e91b4a6f3508: 6 planned (dry run)", html);
        Assert.Contains("aws:TokenIssueTime&quot;:&quot;2026-11-29T06:00:00Z", html);
        acquire.ShouldSucceed();
        Assert.Contains("eksir:case=INC-10", acquire.SingleDisplayedText());
        Assert.Contains("give an S3 URI", Assert.Single(bad.Events.OfType<Microsoft.DotNet.Interactive.Events.CommandFailed>()).Message);
        var entries = new CaseJournal(journal).Read().Entries;
        Assert.Equal(["contain instance", "acquire instance", "acquire instance"], entries.Skip(1).Select(e => e.Verb));
        Assert.Contains("undo: aws ec2 modify-network-interface-attribute --network-interface-id eni-0f1e2d3c4b5a69788 --groups sg-0aa11bb22cc33dd44 sg-0ee55ff66aa77bb88", entries[1].Summary);
        Assert.Contains(entries[1].EvidenceRead, r => r.Path == "aws/describe-instances.json" && r.Sha256 is not null);
        Assert.Contains("undo: aws autoscaling attach-instances --instance-ids i-0c7d2e91b4a6f3508 --auto-scaling-group-name eks-ng-1-a4c6e8f0-1b2c-3d4e-5f60-718293a4b5c6", entries[1].Summary);
        Assert.Equal(JournalOutcome.Failed, entries[^1].Outcome);
        Assert.False(Directory.Exists(_temp.Combine("case", "acquired")));
    }
}
