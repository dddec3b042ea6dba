using System.Globalization;
using EksIr.Logs.Insights;

namespace EksIr.Logs.Tests;

/// <summary>
/// The playbook's audit templates on a second real kube-apiserver audit log: audit2rbac's demo log (liggitt/audit2rbac,
/// Apache-2.0; tests/RealWorld/PROVENANCE.md), 29 lines of a 2017 cluster's audit.log (audit.k8s.io/v1beta1, level
/// Metadata, with neither stageTimestamp nor requestReceivedTimestamp, only "timestamp"). The policy logged each
/// request at two stages (RequestReceived, then ResponseComplete under the same auditID), and an admin (system:admin)
/// made requests as bob and alice by impersonation. Every expected value is a literal from jq run on
/// tests/RealWorld/k8s-audit/audit2rbac-demo.audit.log (the command and its output are beside each test).
/// </summary>
public sealed class RealWorldAudit2RbacTests() : AuditSampleTests("audit2rbac-demo.audit.log")
{
    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static List<string> Lines(List<string> columns, IReadOnlyList<object?[]> rows, string[] wanted) =>
        rows.Select(r => string.Join("|", wanted.Select(c => Text(r[columns.IndexOf(c)])))).ToList();

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Top_events_count_each_request_once_though_it_is_logged_at_two_stages(string mode)
    {
        // jq -r .stage audit2rbac-demo.audit.log | sort | uniq -c   →   9 RequestReceived, 20 ResponseComplete (20 auditIDs)
        // jq -rs 'group_by(.auditID)|map(.[0])|group_by([.verb,.objectRef.resource])|map("\(length) \(.[0].verb) \(.[0].objectRef.resource)")|.[]'
        // 2 create rolebindings / 2 create roles / 2 delete rolebindings / 2 delete roles / 2 get rolebindings / 3 get roles /
        // 1 list configmaps / 1 list nodes / 4 list pods / 1 list secrets
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "top-events");

        var counted = rows.Select(r => $"{Text(r[columns.IndexOf("requests")])} {r[columns.IndexOf("verb")]} {r[columns.IndexOf("objectRef.resource")]}").ToList();
        Assert.Equal(["4 list pods", "3 get roles"], counted.Take(2)); // most first; the ties after them in any order
        Assert.Equal(["2 create rolebindings", "2 create roles", "2 delete rolebindings", "2 delete roles", "2 get rolebindings"], counted.Skip(2).Take(5).Order(StringComparer.Ordinal));
        Assert.Equal(["1 list configmaps", "1 list nodes", "1 list secrets"], counted.Skip(7).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Create_delete_shows_the_admins_role_and_binding_changes_once_each_at_the_events_own_time(string mode)
    {
        // jq -c 'select(.stage!="RequestReceived" and (.verb=="create" or .verb=="delete")) | [.timestamp,.user.username,.verb,
        //        .objectRef.resource,.objectRef.namespace,.objectRef.name,.responseStatus.code]' audit2rbac-demo.audit.log
        // (the events have no stageTimestamp: their time is "timestamp", to the second)
        string[] expected =
        [
            "2017-09-11T19:57:33Z|system:admin|delete|roles|default|audit2rbac:bob|404",
            "2017-09-11T19:57:33Z|system:admin|delete|rolebindings|default|audit2rbac:bob|404",
            "2017-09-11T19:57:33Z|system:admin|create|roles|default|audit2rbac:bob|201",
            "2017-09-11T19:57:33Z|system:admin|create|rolebindings|default|audit2rbac:bob|201",
            "2017-09-11T19:57:35Z|system:admin|delete|roles|default|audit2rbac:bob|200",
            "2017-09-11T19:57:35Z|system:admin|delete|rolebindings|default|audit2rbac:bob|200",
            "2017-09-11T19:57:36Z|system:admin|create|roles|default|audit2rbac:bob|201",
            "2017-09-11T19:57:36Z|system:admin|create|rolebindings|default|audit2rbac:bob|201",
        ];
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "create-delete");

        var lines = Lines(columns, rows, ["@timestamp", "user.username", "verb", "objectRef.resource", "objectRef.namespace", "objectRef.name", "responseStatus.code"]);
        Assert.Equal(expected.Select(e => e[..20]), lines.Select(l => l[..20])); // in time order; within a second in any order
        Assert.Equal(expected.Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task Ip_actions_name_the_user_each_request_was_made_as_by_impersonation(string mode)
    {
        // jq -c 'select(.stage!="RequestReceived" and .sourceIPs[0]=="::1")' audit2rbac-demo.audit.log | wc -l   → 20
        // jq -c 'select(.impersonatedUser) | [.timestamp,.user.username,.impersonatedUser.username,.verb,.objectRef.resource,.responseStatus.code]'
        string[] impersonated =
        [
            "2017-09-11T19:55:05Z|system:admin|bob|list|pods|403",
            "2017-09-11T19:55:34Z|system:admin|bob|list|pods|403",
            "2017-09-11T20:27:42Z|system:admin|bob|list|pods|200",
            "2017-09-11T20:27:52Z|system:admin|bob|list|nodes|403",
            "2017-09-11T20:28:54Z|system:admin|alice|list|pods|403",
            "2017-09-11T20:28:58Z|system:admin|alice|list|configmaps|403",
            "2017-09-11T20:29:04Z|system:admin|alice|list|secrets|403",
        ];
        using var logs = Logs(mode);

        var (columns, rows) = await RunAsync(logs, "ip-actions", new() { ["ip"] = "::1" });

        Assert.Equal(20, rows.Count);
        var lines = Lines(columns, rows, ["@timestamp", "user.username", "impersonatedUser.username", "verb", "objectRef.resource", "responseStatus.code"]);
        Assert.Equal(impersonated, lines.Where(l => !l.Contains("system:admin||", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("loaded")]
    [InlineData("streamed")]
    [InlineData("stored")]
    public async Task A_request_logged_only_when_received_is_not_in_the_rows_and_is_said(string mode)
    {
        // jq -s '[group_by(.auditID)[] | select(length==1 and .[0].stage=="RequestReceived")] | length' gives 0 on the
        // sample and 1 once the ResponseComplete line of request 0c9981d1-… (a get of roles) is taken out.
        using var temp = new TempDir();
        using var caseFolder = new TempDir();
        var lines = File.ReadAllLines(Repo.Path("tests", "RealWorld", "k8s-audit", "audit2rbac-demo.audit.log"))
            .Where(l => !(l.Contains("0c9981d1-8b2f-4fe8-81d2-ce73051775ab", StringComparison.Ordinal) && l.Contains("\"ResponseComplete\"", StringComparison.Ordinal)));
        temp.Write("apiserver/audit.log", string.Join("\n", lines) + "\n");
        using var logs = new InsightsLocal(new EksIr.Core.Evidence.EvidenceRoot(temp.Path), "apiserver", null,
            mode == "stored" ? new EksIr.Logs.Sql.LogEngineOptions(CaseFolder: caseFolder.Path) : null, oneShot: mode == "streamed");

        var cut = await InsightsTemplates.QueryAsync(logs, "top-events", new Dictionary<string, string>());
        using var whole = Logs(mode);
        var full = await InsightsTemplates.QueryAsync(whole, "top-events", new Dictionary<string, string>());

        Assert.Contains("1 request logged only at RequestReceived", cut.Scan.Pruning);
        Assert.DoesNotContain("RequestReceived", full.Scan.Pruning ?? "");
    }
}

