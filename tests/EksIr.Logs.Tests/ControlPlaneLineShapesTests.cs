using System.Text.Json;

namespace EksIr.Logs.Tests;

/// <summary>
/// The templates on the other shapes the same components write, where no real line may be copied: each line is built
/// here as the component's source builds it (the file and commit are beside each generator), with values chosen here, so
/// the expected rows are those values. The export is CloudWatch's: S3-export lines under a folder per stream, or
/// CloudWatch events as JSON lines.
/// </summary>
public sealed class ControlPlaneLineShapesTests : ControlPlaneSampleTests
{
    private static readonly DateTime At = new(2024, 3, 5, 11, 20, 0, 0, DateTimeKind.Utc);

    /// <summary>klog's text header (k8s.io/klog/v2 klog.go formatHeader): severity and mmdd, the time to microseconds, the thread id right-aligned in 7, file:line, "] ".</summary>
    private static string Klog(DateTime time, int thread, string fileLine, string message) =>
        $"I{time:MMdd HH:mm:ss.ffffff} {thread,7} {fileLine}] {message}";

    /// <summary>
    /// cloud-provider-aws pkg/controllers/tagging/tagging_controller.go, klog.Infof("Instance ID of work item %s is %s", workItem,
    /// instanceID), as it takes a node in: at c7e292ecc671d2cce2c5680393183d7034812f56 (v1.24.1 to v1.32, line 224) the item is
    /// "[Node: %s, RequeuingCount: %d, EnqueueTime: %s]" with the time.Now() it was queued (Go's time.Time String, monotonic
    /// reading included); at 31516e240b93c4356b8e3bb13cd2ef18259b9257 (v1.33.0 on, line 244) "[Node: %s, Action: %s]".
    /// </summary>
    [Theory]
    [InlineData("loaded", "tagging_controller.go:224", "[Node: ip-10-0-7-21.eu-west-1.compute.internal, RequeuingCount: 0, EnqueueTime: 2024-03-05 11:19:59.998812345 +0000 UTC m=+5120.334901256]")]
    [InlineData("streamed", "tagging_controller.go:224", "[Node: ip-10-0-7-21.eu-west-1.compute.internal, RequeuingCount: 0, EnqueueTime: 2024-03-05 11:19:59.998812345 +0000 UTC m=+5120.334901256]")]
    [InlineData("stored", "tagging_controller.go:244", "[Node: ip-10-0-7-21.eu-west-1.compute.internal, Action: ADD]")]
    [InlineData("loaded", "tagging_controller.go:244", "[Node: ip-10-0-7-21.eu-west-1.compute.internal, Action: ADD]")]
    public async Task Node_to_instance_reads_the_tagging_controllers_line_of_either_release(string mode, string fileLine, string workItem)
    {
        Write("cloud-controller-manager-3f1c/000000",
            S3ExportLine(At, Klog(At, 11, "node_controller.go:427", "Initializing node ip-10-0-7-21.eu-west-1.compute.internal with cloud provider")) +
            S3ExportLine(At.AddSeconds(2), Klog(At.AddSeconds(2), 11, fileLine, $"Instance ID of work item {workItem} is i-0f3e2d1c0b9a87654")) +
            S3ExportLine(At.AddSeconds(3), Klog(At.AddSeconds(3), 11, fileLine, "Instance ID of work item [Node: ip-10-0-7-2.eu-west-1.compute.internal, Action: ADD] is i-0aaaabbbbccccdddd")));
        using var logs = Logs(mode);

        var rows = await RunAsync(logs, "node-to-instance", new() { ["node"] = "ip-10-0-7-21.eu-west-1.compute.internal" }, "@timestamp", "node", "zone", "instance");

        // The line names no zone; a node whose name begins the same (ip-10-0-7-2) is another node.
        Assert.Equal(["2024-03-05T11:20:02.000Z|ip-10-0-7-21.eu-west-1.compute.internal||i-0f3e2d1c0b9a87654"], rows);
    }

    /// <summary>
    /// kube-scheduler before structured logging, pkg/scheduler/scheduler.go as kubernetes/autoscaler vendored it:
    /// klog.V(2).Infof("pod %v/%v is bound successfully on node %v, %d nodes evaluated, %d nodes were found feasible", …) at
    /// 26f45ff9e987fde556b7246353f1f5de230936f7 (March 2019, line 572); "… on node %q, … feasible. Bound node resource: %q." at
    /// 002db2c196878569fc0f4b6c4d3e5ae635792b53 (v1.16.0-beta.2, line 667; the resource text is nodeResourceString's); "… on node %q, … feasible." at
    /// ba23cf04e83972fca8977e8c799014ca2ea4ae36 (master of 2019-10-30, line 751; the same text PR #91679 replaced in 2020).
    /// </summary>
    [Theory]
    [InlineData("loaded", "scheduler.go:572", "pod default/sysdiag is bound successfully on node ip-10-0-7-21.eu-west-1.compute.internal, 3 nodes evaluated, 2 nodes were found feasible")]
    [InlineData("streamed", "scheduler.go:667", "pod default/sysdiag is bound successfully on node \"ip-10-0-7-21.eu-west-1.compute.internal\", 3 nodes evaluated, 2 nodes were found feasible. Bound node resource: \"Capacity: CPU<2>|Memory<7934712Ki>|Pods<29>|StorageEphemeral<20959212Ki>; Allocatable: CPU<1930m>|Memory<7244536Ki>|Pods<29>|StorageEphemeral<18242267924>.\".")]
    [InlineData("stored", "scheduler.go:751", "pod default/sysdiag is bound successfully on node \"ip-10-0-7-21.eu-west-1.compute.internal\", 3 nodes evaluated, 2 nodes were found feasible.")]
    public async Task Pod_to_node_reads_the_schedulers_line_from_before_structured_logging(string mode, string fileLine, string message)
    {
        Write("kube-scheduler-9a0b/000000",
            S3ExportLine(At, Klog(At, 1, fileLine, message)) +
            S3ExportLine(At.AddSeconds(1), Klog(At.AddSeconds(1), 1, fileLine, "pod default/sysdiag-2 is bound successfully on node \"ip-10-0-7-2.eu-west-1.compute.internal\", 3 nodes evaluated, 2 nodes were found feasible.")));
        using var logs = Logs(mode);

        var rows = await RunAsync(logs, "pod-to-node", new() { ["pod"] = "default/sysdiag" }, "@timestamp", "pod", "node");

        Assert.Equal(["2024-03-05T11:20:00.000Z|default/sysdiag|ip-10-0-7-21.eu-west-1.compute.internal"], rows);
    }

    /// <summary>
    /// aws-iam-authenticator pkg/server/server.go (81b1daba, logrus): the "access granted" entry carries arn, client, method,
    /// path, groups, stsendpoint, uid and username. Text form (logrus v1.9.4 text_formatter.go, the default): time, level,
    /// msg, then the fields sorted; a value is quoted (%q) unless it is only letters, digits and -._/@^+; groups is
    /// fmt.Sprint of a []string. JSON form (cmd/aws-iam-authenticator/root.go getLogFormatter, --log-format=json; logrus
    /// json_formatter.go): one object, keys sorted by encoding/json, groups an array, time RFC 3339.
    /// </summary>
    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Iam_to_user_reads_logrus_text_with_an_unquoted_username_and_logrus_json(string mode)
    {
        var text = "time=\"2024-03-05T11:20:00Z\" level=info msg=\"access granted\" arn=\"arn:aws:iam::210987654321:role/KubernetesAdmin\" " +
                   "client=\"127.0.0.1:43120\" groups=\"[system:masters]\" method=POST path=/authenticate stsendpoint=sts.eu-west-1.amazonaws.com " +
                   "uid=\"aws-iam-authenticator:210987654321:AROAEXAMPLEADMIN0001\" username=kubernetes-admin";
        var json = JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["arn"] = "arn:aws:iam::210987654321:user/auditor", ["client"] = "127.0.0.1:43188", ["groups"] = new[] { "read-only" }, ["level"] = "info",
            ["method"] = "POST", ["msg"] = "access granted", ["path"] = "/authenticate", ["stsendpoint"] = "sts.eu-west-1.amazonaws.com",
            ["time"] = "2024-03-05T11:25:00Z", ["uid"] = "aws-iam-authenticator:210987654321:AIDAEXAMPLEAUDITOR01", ["username"] = "auditor",
        });
        Write("authenticator.jsonl", string.Join("\n", new[] { (At, text), (At.AddMinutes(5), json) }.Select(e =>
            JsonSerializer.Serialize(new { timestamp = new DateTimeOffset(e.Item1).ToUnixTimeMilliseconds(), message = e.Item2, logStreamName = "authenticator-5e7d" }))) + "\n");
        using var logs = Logs(mode);

        var rows = await RunAsync(logs, "iam-to-user", [], "arn", "username", "logins");

        Assert.Equal(["arn:aws:iam::210987654321:role/KubernetesAdmin|kubernetes-admin|1", "arn:aws:iam::210987654321:user/auditor|auditor|1"], rows);
    }

    /// <summary>
    /// kube-scheduler names a pod "ns/name" (klog.KObj) between a quote, a space or a comma (schedule_one.go's structured
    /// lines, and "Attempting to schedule pod: ns/name" before structured logging): a pod whose name holds another's
    /// (default/sysdiag-2, mydefault/sysdiag) is another pod.
    /// </summary>
    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Pod_scheduling_finds_the_pod_and_not_a_pod_whose_name_holds_it(string mode)
    {
        string Bound(string pod) => $"\"Successfully bound pod to node\" pod=\"{pod}\" node=\"ip-10-0-7-21.eu-west-1.compute.internal\" evaluatedNodes=3 feasibleNodes=2";
        Write("kube-scheduler-9a0b/000000",
            S3ExportLine(At, Klog(At, 1, "schedule_one.go:314", Bound("default/sysdiag-2"))) +
            S3ExportLine(At.AddSeconds(1), Klog(At.AddSeconds(1), 1, "schedule_one.go:314", Bound("mydefault/sysdiag"))) +
            S3ExportLine(At.AddSeconds(2), Klog(At.AddSeconds(2), 1, "scheduler.go:530", "Attempting to schedule pod: default/sysdiag")) +
            S3ExportLine(At.AddSeconds(3), Klog(At.AddSeconds(3), 1, "schedule_one.go:314", Bound("default/sysdiag"))));
        using var logs = Logs(mode);

        var rows = await RunAsync(logs, "pod-scheduling", new() { ["pod"] = "default/sysdiag" }, "@timestamp");

        Assert.Equal(["2024-03-05T11:20:02.000Z", "2024-03-05T11:20:03.000Z"], rows);
    }

    [Theory]
    [InlineData("sys.iag")]
    [InlineData("sysdiag) or (x")]
    [InlineData("sysdiag/ or @message like /.")]
    [InlineData("sys\\diag")]
    [InlineData("sysdiag\n")]
    [InlineData("sysdiag 🙂")]
    public async Task A_pod_parameter_is_matched_as_its_text_in_the_scheduling_pattern(string pod)
    {
        Write("kube-scheduler-9a0b/000000", S3ExportLine(At, Klog(At, 1, "scheduler.go:530", "Attempting to schedule pod: default/sysdiag")));
        using var logs = Logs("loaded");

        var rows = await RunAsync(logs, "pod-scheduling", new() { ["pod"] = "default/" + pod }, "@timestamp");

        Assert.Empty(rows);
    }

    /// <summary>
    /// aws-iam-authenticator pkg/server/server.go (81b1daba): for an account listed in server.scrubbedAccounts
    /// (isLoggableIdentity false) the "arn" field is never added to the entry and the uid is
    /// "aws-iam-authenticator:administrative:" + username; the rest of the "access granted" line is the same.
    /// </summary>
    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Iam_to_user_keeps_a_login_whose_arn_was_scrubbed_and_says_so(string mode)
    {
        Write("authenticator-5e7d/000000",
            S3ExportLine(At, "time=\"2024-03-05T11:20:00Z\" level=info msg=\"access granted\" client=\"127.0.0.1:43200\" groups=\"[system:masters]\" " +
                             "method=POST path=/authenticate stsendpoint=sts.eu-west-1.amazonaws.com uid=\"aws-iam-authenticator:administrative:cluster-operator\" " +
                             "username=cluster-operator") +
            S3ExportLine(At.AddMinutes(1), "time=\"2024-03-05T11:21:00Z\" level=info msg=\"access granted\" arn=\"arn:aws:iam::210987654321:role/Dev\" " +
                                           "client=\"127.0.0.1:43210\" groups=\"[]\" method=POST path=/authenticate stsendpoint=sts.eu-west-1.amazonaws.com " +
                                           "uid=\"aws-iam-authenticator:210987654321:AROAEXAMPLEDEV000001\" username=dev"));
        using var logs = Logs(mode);

        var result = await EksIr.Logs.Insights.InsightsTemplates.QueryAsync(logs, "iam-to-user", new Dictionary<string, string>());

        var names = result.Columns.Select(c => c.Name).ToList();
        Assert.Equal(["|cluster-operator|1", "arn:aws:iam::210987654321:role/Dev|dev|1"],
            result.Rows.Select(r => string.Join("|", new[] { "arn", "username", "logins" }.Select(c => Text(r[names.IndexOf(c)])))));
        Assert.Contains("1 row without an ARN", result.Scan.Pruning, StringComparison.Ordinal);
    }
}
