using System.Text.Json;
using EksIr.Tests;

namespace EksIr.Cli.Tests.Cases;

/// <summary>
/// The case's context from the command line: cards confirm the entities they name, later verbs default to them, and
/// the analyst corrects them. Expected values are read from the sample evidence's own files (the GuardDuty export, the
/// kubectl snapshot), not from this tool's output.
/// </summary>
public sealed class CaseContextTests : IDisposable
{
    private static readonly string Evidence = Repo.Path("sample-data", "incident-1");
    private static readonly string Cluster = Path.Combine(Evidence, "cluster");
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Journal => _temp.Combine("cases", "INC-CTX", "journal.jsonl");

    private Task<ProcessResult> Eksir(params string[] args) => ProcessRun.EksirAsync(_temp.Path, args);

    private async Task OpenAsync()
    {
        var open = await Eksir("case", "open", "--name", "INC-CTX", "--evidence", Evidence);
        Assert.True(open.ExitCode == 0, open.ToString());
    }

    [Fact]
    public async Task Cards_confirm_what_they_name_and_later_verbs_default_to_it()
    {
        using var finding = JsonDocument.Parse(File.ReadAllText(Path.Combine(Evidence, "guardduty", "finding-privileged-container.json")));
        var resource = finding.RootElement.GetProperty("findings")[0].GetProperty("resource").GetProperty("kubernetesDetails");
        var workload = resource.GetProperty("kubernetesWorkloadDetails");
        var (ns, name) = (workload.GetProperty("namespace").GetString()!, workload.GetProperty("name").GetString()!);
        var caller = finding.RootElement.GetProperty("findings")[0].GetProperty("service").GetProperty("action")
            .GetProperty("kubernetesApiCallAction").GetProperty("sourceIps")[0].GetString()!;
        using var pods = JsonDocument.Parse(File.ReadAllText(Path.Combine(Evidence, "cluster", "pods.json")));
        var pod = pods.RootElement.GetProperty("items").EnumerateArray()
            .Single(p => p.GetProperty("metadata").GetProperty("name").GetString() == name && p.GetProperty("metadata").GetProperty("namespace").GetString() == ns);
        var node = pod.GetProperty("spec").GetProperty("nodeName").GetString()!;
        var containerId = pod.GetProperty("status").GetProperty("containerStatuses")[0].GetProperty("containerID").GetString()!.Split("://")[1];
        await OpenAsync();

        var card = await Eksir("guardduty", Path.Combine(Evidence, "guardduty", "finding-privileged-container.json"), "--journal", Journal, "--confirm");
        Assert.True(card.ExitCode == 0, card.ToString());
        Assert.Contains($"confirmed into the case: pod {ns}/{name}", card.StdErr);
        Assert.Contains($"ip {caller}", card.StdErr);

        // The pod card is asked for the case's pod, and confirms its node, instance and container.
        var podCard = await Eksir("k8s", "pod", "--snapshot", Cluster, "--journal", Journal, "--confirm");
        Assert.True(podCard.ExitCode == 0, podCard.ToString());
        Assert.Contains($"pod {ns}/{name}: taken from the case (confirmed from guardduty:", podCard.StdErr);
        Assert.Contains($"node {node}", podCard.StdErr);
        Assert.Contains($"container {containerId}", podCard.StdErr);

        var containPod = await Eksir("contain", "pod", "--snapshot", Cluster, "--journal", Journal);
        Assert.True(containPod.ExitCode == 0, containPod.ToString());
        Assert.StartsWith($"dry run for pod {ns}/{name}:", containPod.StdOut);
        var containNode = await Eksir("contain", "node", "--snapshot", Cluster, "--journal", Journal);
        Assert.True(containNode.ExitCode == 0, containNode.ToString());
        Assert.StartsWith($"dry run for node {node}:", containNode.StdOut);

        // The journal says which pod and node were acted on, though the command lines did not name them.
        var lines = File.ReadAllLines(Journal).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var podPlan = lines.Single(l => l.GetProperty("verb").GetString() == "contain pod").GetProperty("options");
        Assert.Equal(name, podPlan.GetProperty("--name").GetString());
        Assert.Equal(ns, podPlan.GetProperty("-n").GetString());
        Assert.Equal(node, lines.Single(l => l.GetProperty("verb").GetString() == "contain node").GetProperty("options").GetProperty("--name").GetString());

        var status = await Eksir("case", "status", "--journal", Journal, "--json");
        using var parsed = JsonDocument.Parse(status.StdOut);
        var context = parsed.RootElement.GetProperty("context").GetProperty("current").EnumerateArray()
            .Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("value").GetString()}").ToList();
        Assert.Contains($"pod {ns}/{name}", context);
        Assert.Contains($"node {node}", context);
        Assert.Contains($"container {containerId}", context);
        Assert.Contains($"ip {caller}", context);
        Assert.Equal(context.Count, context.Distinct().Count()); // confirmed by two cards, held once
    }

    [Fact]
    public async Task Two_pods_in_the_case_are_refused_by_name_until_one_is_retracted_with_a_reason()
    {
        await OpenAsync();
        var confirm = await Eksir("case", "confirm", "--pod", "default/sysdiag,kube-system/aws-node-7xk2p", "--source", "scheduler log rows", "--journal", Journal);
        Assert.True(confirm.ExitCode == 0, confirm.ToString());

        var ambiguous = await Eksir("contain", "pod", "--snapshot", Cluster, "--journal", Journal);
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("the case holds 2 pods (default/sysdiag, kube-system/aws-node-7xk2p): name the one to use with --name and -n", ambiguous.StdErr);

        var noReason = await Eksir("case", "confirm", "--pod", "kube-system/aws-node-7xk2p", "--retract", "--journal", Journal);
        Assert.Equal(2, noReason.ExitCode);
        Assert.Contains("--retract needs --reason", noReason.StdErr);
        var retract = await Eksir("case", "confirm", "--pod", "kube-system/aws-node-7xk2p", "--retract", "--reason", "a system pod, not the intruder's", "--journal", Journal);
        Assert.True(retract.ExitCode == 0, retract.ToString());

        var contain = await Eksir("contain", "pod", "--snapshot", Cluster, "--journal", Journal);
        Assert.True(contain.ExitCode == 0, contain.ToString());
        Assert.StartsWith("dry run for pod default/sysdiag:", contain.StdOut);
        var report = await Eksir("case", "report", "--journal", Journal, "--out", "report.html");
        Assert.True(report.ExitCode == 0, report.ToString());
        var markdown = File.ReadAllText(_temp.Combine("report.md"));
        Assert.Contains("| pod | default/sysdiag | scheduler log rows |", markdown);
        Assert.Contains("**Retracted:** pod kube-system/aws-node-7xk2p", markdown);
        Assert.Contains("a system pod, not the intruder's", markdown);
    }

    [Fact]
    public async Task Values_that_are_not_what_they_claim_are_refused_and_nothing_is_confirmed()
    {
        await OpenAsync();
        // Shapes from AWS's documentation: instance ids are i- and 8 or 17 hex digits, access key ids AKIA/ASIA and 16 more.
        var bad = await Eksir("case", "confirm", "--instance", "i-0c7d2e9", "--access-key", "AKIAIOSFODNN7EXAMPL", "--pod", "sysdiag", "--ip", "198.51.100.300",
            "--journal", Journal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--instance i-0c7d2e9: not an instance", bad.StdErr);
        Assert.Contains("--access-key AKIAIOSFODNN7EXAMPL: not an access-key", bad.StdErr);
        Assert.Contains("--pod sysdiag: not a pod (NS/NAME", bad.StdErr);
        Assert.Contains("--ip 198.51.100.300: not an ip", bad.StdErr);

        var good = await Eksir("case", "confirm", "--instance", "i-1234567890abcdef0", "--access-key", "AKIAIOSFODNN7EXAMPLE", "--journal", Journal);
        Assert.True(good.ExitCode == 0, good.ToString());
        var status = await Eksir("case", "status", "--journal", Journal);
        Assert.Contains("instance i-1234567890abcdef0; access-key AKIAIOSFODNN7EXAMPLE", status.StdOut);
        Assert.DoesNotContain("sysdiag", status.StdOut.Split("Case context")[1].Split('\n')[0]);
    }

    [Fact]
    public async Task Contain_pod_says_host_processes_the_case_knows_are_not_contained_by_pod_isolation()
    {
        await OpenAsync();
        var before = await Eksir("contain", "pod", "sysdiag", "--snapshot", Cluster, "--journal", Journal);
        Assert.DoesNotContain("processes on the host", before.StdOut);

        await Eksir("case", "confirm", "--host-pid", "5310", "--source", "pstree: PID 5310 outside any container", "--journal", Journal);
        var after = await Eksir("contain", "pod", "sysdiag", "--snapshot", Cluster, "--journal", Journal);

        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Contains("== processes on the host node ip-192-168-23-107.us-west-2.compute.internal: checked", after.StdOut);
        Assert.Contains("NOT contained by this plan: PID 5310 (confirmed from pstree: PID 5310 outside any container) runs on the node outside any container", after.StdOut);
        Assert.Contains("contain the instance", after.StdOut);
    }

    [Fact]
    public async Task Confirm_without_a_case_and_a_verb_with_nothing_to_default_to_say_what_to_do()
    {
        var noCase = await Eksir("guardduty", Path.Combine(Evidence, "guardduty", "finding-privileged-container.json"), "--confirm");
        Assert.Equal(2, noCase.ExitCode);
        Assert.Contains("--confirm confirms into a case", noCase.StdErr);

        await OpenAsync();
        var nothing = await Eksir("contain", "instance", "--snapshot", Path.Combine(Evidence, "aws"), "--journal", Journal);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("--id is required (the instance id (i-…)): give it, or confirm the case's instance first (case confirm --instance ID", nothing.StdErr);
    }

    [Fact]
    public async Task Rows_of_the_super_timeline_confirm_what_they_name_with_the_row_as_source()
    {
        // Expected values from the GuardDuty export itself: the finding's id, workload, caller and user, the miner's PID.
        using var privileged = JsonDocument.Parse(File.ReadAllText(Path.Combine(Evidence, "guardduty", "finding-privileged-container.json")));
        var finding = privileged.RootElement.GetProperty("findings")[0];
        var workload = finding.GetProperty("resource").GetProperty("kubernetesDetails").GetProperty("kubernetesWorkloadDetails");
        var pod = $"{workload.GetProperty("namespace").GetString()}/{workload.GetProperty("name").GetString()}";
        var user = finding.GetProperty("resource").GetProperty("kubernetesDetails").GetProperty("kubernetesUserDetails").GetProperty("username").GetString()!;
        var caller = finding.GetProperty("service").GetProperty("action").GetProperty("kubernetesApiCallAction").GetProperty("sourceIps")[0].GetString()!;
        var row = "guardduty:" + finding.GetProperty("id").GetString();
        using var miner = JsonDocument.Parse(File.ReadAllText(Path.Combine(Evidence, "guardduty", "finding-runtime-miner.json")));
        var minerFinding = miner.RootElement.GetProperty("Findings")[0];
        var minerRow = "guardduty:" + minerFinding.GetProperty("Id").GetString();
        var minerPid = minerFinding.GetProperty("Service").GetProperty("RuntimeDetails").GetProperty("Process").GetProperty("Pid").GetInt32();
        await OpenAsync();

        var timeline = await Eksir("supertimeline", Evidence, "--journal", Journal, "--source", "guardduty");
        Assert.True(timeline.ExitCode == 0, timeline.ToString());
        Assert.Contains(row, timeline.StdOut); // the row id the analyst cites is on the terminal's table

        var confirm = await Eksir("case", "confirm", "--row", row, "--only", "pod,ip,principal", "--journal", Journal);
        Assert.True(confirm.ExitCode == 0, confirm.ToString());
        Assert.Contains($"pod {pod}", confirm.StdOut);
        Assert.Contains($"from super-timeline row {row} (guardduty", confirm.StdOut);

        var status = await Eksir("case", "status", "--journal", Journal, "--json");
        using (var parsed = JsonDocument.Parse(status.StdOut))
        {
            var held = parsed.RootElement.GetProperty("context").GetProperty("current").EnumerateArray()
                .ToDictionary(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("value").GetString()}", e => e.GetProperty("source").GetString()!);
            Assert.Equal(new[] { $"ip {caller}", $"pod {pod}", $"principal {user}" }, held.Keys.Order(StringComparer.Ordinal));
            Assert.All(held.Values, source => Assert.StartsWith($"super-timeline row {row} ", source));
        }

        // The miner's PID: the row names no container, so whether it ran on the host is the analyst's to say.
        var pid = await Eksir("case", "confirm", "--row", minerRow, "--only", "pid", "--journal", Journal);
        Assert.Equal(2, pid.ExitCode);
        Assert.Contains($"pid:{minerPid} (row {minerRow}): the row names no container: confirm it with --pid (in a container) or --host-pid (on the node) yourself", pid.StdErr);

        var unknown = await Eksir("case", "confirm", "--row", "guardduty:0000", "--journal", Journal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("not in the super-timeline the case last asked for: guardduty:0000", unknown.StdErr);

        var retract = await Eksir("case", "confirm", "--row", row, "--only", "ip", "--retract", "--reason", "the caller is the VPN egress", "--journal", Journal);
        Assert.True(retract.ExitCode == 0, retract.ToString());
        var after = await Eksir("case", "status", "--journal", Journal, "--json");
        using var afterParsed = JsonDocument.Parse(after.StdOut);
        var still = afterParsed.RootElement.GetProperty("context").GetProperty("current").EnumerateArray()
            .Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("value").GetString()}").ToList();
        Assert.DoesNotContain($"ip {caller}", still);
        Assert.Contains($"pod {pod}", still);
    }
}
