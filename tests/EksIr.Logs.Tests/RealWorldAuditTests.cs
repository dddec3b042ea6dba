using System.Globalization;
using EksIr.Logs.Insights;

namespace EksIr.Logs.Tests;

/// <summary>
/// The playbook's audit templates on real kube-apiserver audit events made by others: Falco's k8s_audit trace files
/// (Apache-2.0; tests/RealWorld/PROVENANCE.md), six events of a minikube cluster in 2018 (audit.k8s.io/v1beta1, with its
/// own "timestamp" field), read as kube-apiserver's own audit.log, loaded, streamed and stored. Every expected value is a literal
/// from jq run on tests/RealWorld/k8s-audit/falco-trace-files.audit.log (the command and its output are beside each test).
/// </summary>
public sealed class RealWorldAuditTests() : AuditSampleTests("falco-trace-files.audit.log")
{
    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Top_events_count_each_verb_and_resource_as_jq_counts_them(string mode)
    {
        // jq -rs 'map(select(.kind=="Event" and .auditID!=null)) | group_by([.verb,.objectRef.resource])
        //         | map("\(length) \(.[0].verb) \(.[0].objectRef.resource)") | .[]' falco-trace-files.audit.log
        // 1 create namespaces / 3 create pods / 1 delete deployments / 1 delete namespaces
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "top-events");

        var counted = rows.Select(r => $"{Text(r[columns.IndexOf("requests")])} {r[columns.IndexOf("verb")]} {r[columns.IndexOf("objectRef.resource")]}").ToList();
        Assert.Equal("3 create pods", counted[0]); // sorted by count, most first; the ties after it in any order
        Assert.Equal(["1 create namespaces", "1 delete deployments", "1 delete namespaces"], counted.Skip(1).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Create_delete_lists_what_people_did_in_order_and_leaves_out_the_controllers(string mode)
    {
        // jq -c 'select(.kind=="Event" and .auditID!=null and (.verb=="create" or .verb=="delete")
        //        and (.user.username|test("^system:")|not)) | [.stageTimestamp,.user.username,.verb,.objectRef.resource,
        //        .objectRef.namespace,.objectRef.name,.objectRef.subresource,.responseStatus.code]' falco-trace-files.audit.log
        // (the events are in time order in the file; @timestamp of an audit line is its stageTimestamp)
        string[] expected =
        [
            "2018-10-25T13:58:49.736141Z|some-user|create|namespaces||foo||201",
            "2018-10-26T13:00:25.246927Z|minikube-user|delete|namespaces|foo|foo||200",
            "2018-10-26T13:09:27.548380Z|minikube-user|delete|deployments|default|nginx-deployment||200",
            "2018-10-26T13:38:34.902914Z|minikube-user|create|pods|default|nginx-deployment-7998647bdf-phvq7|exec|101",
            "2018-10-26T13:42:46.808261Z|minikube-user|create|pods|default|nginx-deployment-7998647bdf-phvq7|attach|101",
        ];
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "create-delete");

        string[] wanted = ["@timestamp", "user.username", "verb", "objectRef.resource", "objectRef.namespace", "objectRef.name", "objectRef.subresource", "responseStatus.code"];
        Assert.Equal(expected, rows.Select(r => string.Join("|", wanted.Select(c => Text(r[columns.IndexOf(c)])))));
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Exec_commands_read_a_repeated_container_parameter_as_the_api_server_does(string mode)
    {
        // jq -c 'select(.kind=="Event" and .auditID!=null and .objectRef.subresource=="exec" and .verb=="create")
        //        | [.user.username,.objectRef.namespace,.objectRef.name,.requestURI,.sourceIPs[0],.responseStatus.code]'
        // ["minikube-user","default","nginx-deployment-7998647bdf-phvq7",
        //  "/api/v1/namespaces/default/pods/nginx-deployment-7998647bdf-phvq7/exec?command=bash&container=nginx1&container=nginx1&stdin=true&stdout=true&tty=true",
        //  "192.168.99.1",101]
        // The URI names the container twice; the API server converts a single-valued query parameter from its first
        // value (apimachinery's runtime Convert_Slice_string_To_string), so the container is nginx1, not "nginx1,nginx1".
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "exec-commands");

        var row = Assert.Single(rows);
        Assert.Equal(["minikube-user", "default", "nginx-deployment-7998647bdf-phvq7", "bash", "nginx1", "True", "192.168.99.1", "101"],
            new[] { "user.username", "objectRef.namespace", "objectRef.name", "command", "container", "tty", "sourceIPs.0", "responseStatus.code" }
                .Select(c => Text(row[columns.IndexOf(c)])));
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Who_created_pod_finds_the_replicaset_controller_by_the_name_in_the_response(string mode)
    {
        // jq -c 'select(.kind=="Event" and .verb=="create" and .objectRef.resource=="pods" and .objectRef.namespace=="default"
        //        and .objectRef.subresource==null and (.objectRef.name=="nginx-deployment-5cdcc99dbf-rgw6z"
        //        or .responseObject.metadata.name=="nginx-deployment-5cdcc99dbf-rgw6z"))
        //        | [.user.username,.user.extra.arn[0],.sourceIPs[0],.userAgent,.responseStatus.code,.requestObject.metadata.generateName]'
        // ["system:serviceaccount:kube-system:replicaset-controller",null,"::1",null,201,"nginx-deployment-5cdcc99dbf-"]
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "who-created-pod", new() { ["pod"] = "default/nginx-deployment-5cdcc99dbf-rgw6z" });

        var row = Assert.Single(rows);
        Assert.Equal(["system:serviceaccount:kube-system:replicaset-controller", null, "::1", null, "201", "nginx-deployment-5cdcc99dbf-"],
            new[] { "user.username", "user.extra.arn.0", "sourceIPs.0", "userAgent", "responseStatus.code", "requestObject.metadata.generateName" }
                .Select(c => Text(row[columns.IndexOf(c)])));
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Pod_actions_give_the_exec_then_the_attach_on_the_pod(string mode)
    {
        // jq -c 'select(.objectRef.resource=="pods" and .objectRef.namespace=="default" and .objectRef.name=="nginx-deployment-7998647bdf-phvq7")
        //        | [.stageTimestamp,.user.username,.verb,.objectRef.subresource,.responseStatus.code,.sourceIPs[0]]'
        // ["2018-10-26T13:38:34.902914Z","minikube-user","create","exec",101,"192.168.99.1"]
        // ["2018-10-26T13:42:46.808261Z","minikube-user","create","attach",101,"192.168.99.1"]
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "pod-actions", new() { ["pod"] = "default/nginx-deployment-7998647bdf-phvq7" });

        string[] wanted = ["@timestamp", "user.username", "verb", "objectRef.subresource", "responseStatus.code", "sourceIPs.0"];
        Assert.Equal(["2018-10-26T13:38:34.902914Z|minikube-user|create|exec|101|192.168.99.1", "2018-10-26T13:42:46.808261Z|minikube-user|create|attach|101|192.168.99.1"],
            rows.Select(r => string.Join("|", wanted.Select(c => Text(r[columns.IndexOf(c)])))));
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Ip_actions_find_every_request_from_the_analysts_laptop_address(string mode)
    {
        // jq -r 'select(.sourceIPs[0]=="192.168.99.1") | .auditID' falco-trace-files.audit.log | wc -l   → 5
        // (the sixth event, the replicaset-controller's pod create, came from ::1)
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "ip-actions", new() { ["ip"] = "192.168.99.1" });

        Assert.Equal(5, rows.Count);
        Assert.DoesNotContain(rows, r => Text(r[columns.IndexOf("user.username")]) == "system:serviceaccount:kube-system:replicaset-controller");
    }
    [Theory]
    [InlineData("?command=sh&container=a&container=b&tty=true", "a", true)]
    [InlineData("?command=sh&container=a&tty=1", "a", true)]
    [InlineData("?command=sh&container=a&tty=FALSE", "a", false)]
    [InlineData("?command=sh&container=a&tty=0&tty=true", "a", false)]
    [InlineData("?command=sh&container=a&tty=", "a", true)]
    [InlineData("?command=sh", "", false)]
    public void An_exec_uris_container_and_tty_are_read_by_the_api_servers_rules(string query, string container, bool tty)
    {
        // apimachinery's runtime conversion (staging/src/k8s.io/apimachinery/pkg/runtime/conversion.go):
        // Convert_Slice_string_To_string takes the first value; Convert_Slice_string_To_bool is false only when the
        // parameter is absent or its first value is "0" or "false" (any case), true otherwise, the empty string included.
        var exec = ControlPlaneFacts.Exec(null, null, "default/p", "/api/v1/namespaces/default/pods/p/exec" + query, null);

        Assert.Equal((container, tty), (exec.Container, exec.Tty));
    }
}
