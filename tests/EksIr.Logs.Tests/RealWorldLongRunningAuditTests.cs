using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EksIr.Logs.Insights;

namespace EksIr.Logs.Tests;

/// <summary>
/// A long-running request (exec, attach, watch) is logged when its answer starts (ResponseStarted: exec's 101) and again
/// when it ends (ResponseComplete), under one auditID; one still running when the log ends has only the first
/// (Kubernetes' auditing page, https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/: "ResponseStarted - Once the
/// response headers are sent, but before the response body is sent. This stage is only generated for long-running
/// requests"). Falco's trace files (tests/RealWorld/PROVENANCE.md) hold the kubectl exec and attach at ResponseStarted
/// only; here each is also completed 90 s later, in time order, as the API server would log it when the session ends:
/// <code>
/// jq -c 'if .stage=="ResponseStarted" then ., (.stage="ResponseComplete" | .stageTimestamp={"2018-10-26T13:38:34.902914Z":
///   "2018-10-26T13:40:04.902914Z","2018-10-26T13:42:46.808261Z":"2018-10-26T13:44:16.808261Z"}[.stageTimestamp]) else . end'
///   falco-trace-files.audit.log
/// </code>
/// Every expected value is jq's output on that file, the command beside it: each request is listed and counted once.
/// </summary>
public sealed class RealWorldLongRunningAuditTests() : AuditSampleTests("falco-trace-files.audit.log", Completed)
{
    /// <summary>The sample with a ResponseComplete event after each ResponseStarted one (the jq above).</summary>
    private static string Completed(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            lines.Add(line);
            var started = JsonNode.Parse(line)!.AsObject();
            if ((string?)started["stage"] == "ResponseStarted")
            {
                var at = DateTime.Parse((string)started["stageTimestamp"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                started["stage"] = "ResponseComplete";
                started["stageTimestamp"] = at.AddSeconds(90).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
                lines.Add(started.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
        }

        return string.Concat(lines.Select(l => l + "\n"));
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Top_events_count_an_exec_logged_at_its_start_and_its_end_once(string mode)
    {
        // jq -rs 'map(select(.kind=="Event" and .auditID!=null and .stage!="RequestReceived")) | group_by([.verb,.objectRef.resource])
        //         | map("\(map(.auditID)|unique|length) \(.[0].verb) \(.[0].objectRef.resource)") | .[]'
        // 1 create namespaces / 3 create pods / 1 delete deployments / 1 delete namespaces   (8 events, 6 requests)
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "top-events");

        var counted = rows.Select(r => $"{Text(r[columns.IndexOf("requests")])} {r[columns.IndexOf("verb")]} {r[columns.IndexOf("objectRef.resource")]}").ToList();
        Assert.Equal("3 create pods", counted[0]);
        Assert.Equal(["1 create namespaces", "1 delete deployments", "1 delete namespaces"], counted.Skip(1).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Exec_commands_list_the_session_once_when_it_opened(string mode)
    {
        // jq -cs 'map(select(.kind=="Event" and .auditID!=null and .stage!="RequestReceived" and .objectRef.subresource=="exec"
        //         and .verb=="create")) | sort_by(.stageTimestamp) | unique_by(.auditID) | .[] | [.stageTimestamp,.stage,.responseStatus.code]'
        // ["2018-10-26T13:38:34.902914Z","ResponseStarted",101]
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "exec-commands");

        var row = Assert.Single(rows);
        Assert.Equal(["2018-10-26T13:38:34.902914Z", "bash", "101"], new[] { "@timestamp", "command", "responseStatus.code" }.Select(c => Text(row[columns.IndexOf(c)])));
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Pod_and_ip_actions_list_each_request_once(string mode)
    {
        // jq -cs 'map(select(.stage!="RequestReceived" and .objectRef.resource=="pods" and .objectRef.namespace=="default"
        //         and .objectRef.name=="nginx-deployment-7998647bdf-phvq7")) | sort_by(.stageTimestamp) | group_by(.auditID)
        //         | map(.[0]) | sort_by(.stageTimestamp) | .[] | [.stageTimestamp,.user.username,.verb,.objectRef.subresource,.responseStatus.code,.sourceIPs[0]]'
        // ["2018-10-26T13:38:34.902914Z","minikube-user","create","exec",101,"192.168.99.1"]
        // ["2018-10-26T13:42:46.808261Z","minikube-user","create","attach",101,"192.168.99.1"]
        // jq -s 'map(select(.sourceIPs[0]=="192.168.99.1" and .stage!="RequestReceived")) | map(.auditID) | unique | length'   → 5
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "pod-actions", new() { ["pod"] = "default/nginx-deployment-7998647bdf-phvq7" });
        var (_, fromLaptop) = await RunAsync(logs, "ip-actions", new() { ["ip"] = "192.168.99.1" });

        string[] wanted = ["@timestamp", "user.username", "verb", "objectRef.subresource", "responseStatus.code", "sourceIPs.0"];
        Assert.Equal(["2018-10-26T13:38:34.902914Z|minikube-user|create|exec|101|192.168.99.1", "2018-10-26T13:42:46.808261Z|minikube-user|create|attach|101|192.168.99.1"],
            rows.Select(r => string.Join("|", wanted.Select(c => Text(r[columns.IndexOf(c)])))));
        Assert.Equal(5, fromLaptop.Count);
    }
}
