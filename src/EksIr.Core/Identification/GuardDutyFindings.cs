using System.Globalization;
using System.Text.Json;
using EksIr.Core.Containers;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Core.Identification;

/// <summary>
/// The <c>guardduty</c> verb: findings from whatever the analyst exported — <c>aws guardduty get-findings</c> output
/// ({"Findings": […]}, PascalCase), the API's own camelCase JSON, a single finding, a list of findings, or the
/// EventBridge event ({"detail-type": "GuardDuty Finding", "detail": {…}}), or Security Hub's ASFF export of GuardDuty
/// findings (<c>aws securityhub get-findings</c>). Keys are matched without regard to
/// case; a finding that is not an object, or has no type, is skipped and said.
/// </summary>
public sealed record GuardDutyFindings(string File, IReadOnlyList<GuardDutyFinding> Findings, IReadOnlyList<EvidenceProblem> Problems)
{
    /// <summary>
    /// The findings in an export file, or in every .json file of a folder. A file of a folder that cannot be read
    /// (not JSON, no finding in it) is a problem naming it and where it breaks; the folder's other files are read.
    /// </summary>
    public static GuardDutyFindings Read(EvidenceRoot root, string path)
    {
        if (!root.DirectoryExists(path))
        {
            return ReadFile(root, path, inFolder: false);
        }

        var files = root.Walk(path).Where(e => e.Kind == EvidenceEntryKind.File && e.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).ToList();
        if (files.Count == 0)
        {
            throw new EvidenceAccessException(path.Length == 0 ? "." : path, "no .json findings export in this folder");
        }

        var each = files.Select(f => ReadFile(root, f.Path, inFolder: true)).ToList();
        return new GuardDutyFindings(path, [.. each.SelectMany(f => f.Findings).OrderBy(f => f.Time)], [.. each.SelectMany(f => f.Problems)]);
    }

    /// <summary>One export; when it cannot be read at all, an exception alone, or (in a folder) a problem of the folder.</summary>
    private static GuardDutyFindings ReadFile(EvidenceRoot root, string path, bool inFolder)
    {
        var problems = new List<EvidenceProblem>();
        GuardDutyFindings Skipped(string where, string why) =>
            new(path, [], [.. problems, new EvidenceProblem(path, where, why + "; none of its findings are listed, the folder's other files are")]);

        JsonDocument doc;
        try
        {
            var bytes = root.ReadAllBytes(path, 64 << 20);
            doc = EvidenceJson.Parse(bytes, path, problems, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return inFolder
                ? Skipped(EvidenceJson.Where(e), "not JSON: " + EvidenceJson.Why(e))
                : throw new EvidenceAccessException(path, $"not JSON{(EvidenceJson.Where(e) is { Length: > 0 } at ? $" ({at})" : "")}: {EvidenceJson.Why(e)}");
        }
        catch (EvidenceAccessException e) when (inFolder)
        {
            return Skipped("", e.Reason);
        }

        using (doc)
        {
            var findings = new List<GuardDutyFinding>();
            var candidates = Candidates(doc.RootElement).ToList();
            for (var i = 0; i < candidates.Count; i++)
            {
                if (Parse(candidates[i]) is { } finding)
                {
                    findings.Add(finding);
                }
                else
                {
                    problems.Add(new EvidenceProblem(path, $"finding {i + 1}", "not a GuardDuty finding (no type); skipped"));
                }
            }

            if (candidates.Count == 0)
            {
                const string none = "no GuardDuty finding in it (expected {\"Findings\": [...]}, a finding, a list of findings, or an EventBridge event)";
                return inFolder ? Skipped("", none) : throw new EvidenceAccessException(path, none);
            }

            return new GuardDutyFindings(path, findings, problems);
        }
    }

    private static IEnumerable<JsonElement> Candidates(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root.EnumerateArray();
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        if (Json.Get(root, "findings") is { ValueKind: JsonValueKind.Array } list)
        {
            return list.EnumerateArray();
        }

        return Json.Get(root, "detail") is { ValueKind: JsonValueKind.Object } detail ? [detail] : [root];
    }

    private static GuardDutyFinding? Parse(JsonElement f)
    {
        if (f.ValueKind == JsonValueKind.Object && Json.Get(f, "resources") is { ValueKind: JsonValueKind.Array } && Json.Get(f, "types") is { ValueKind: JsonValueKind.Array })
        {
            return SecurityHubFinding.Parse(f);
        }

        if (f.ValueKind != JsonValueKind.Object || Json.Text(f, "type") is not { } type)
        {
            return null;
        }

        var resource = Json.Get(f, "resource");
        var service = Json.Get(f, "service");
        var instance = Json.Path(resource, "instanceDetails");
        var k8s = Json.Path(resource, "kubernetesDetails");
        var workload = Json.Path(k8s, "kubernetesWorkloadDetails");
        var user = Json.Path(k8s, "kubernetesUserDetails");
        var interfaces = Json.Array(instance, "networkInterfaces").ToList();
        var privateIps = interfaces.SelectMany(n => Json.Array(n, "privateIpAddresses").Select(p => Json.Text(p, "privateIpAddress")).Append(Json.Text(n, "privateIpAddress")))
            .OfType<string>().Distinct().ToList();
        var publicIps = interfaces.Select(n => Json.Text(n, "publicIp")).OfType<string>().Distinct().ToList();
        var dns = interfaces.SelectMany(n => new[] { Json.Text(n, "privateDnsName"), Json.Text(n, "publicDnsName") })
            .Concat(Json.Array(interfaces.FirstOrDefault(), "privateIpAddresses").Select(p => Json.Text(p, "privateDnsName")))
            .Where(d => !string.IsNullOrEmpty(d)).OfType<string>().Distinct().ToList();
        var containers = Json.Array(workload, "containers").Concat(Json.Path(resource, "containerDetails") is { ValueKind: JsonValueKind.Object } c ? [c] : [])
            .Select(c => new GuardDutyContainer(Json.Text(c, "name"), Json.Text(c, "image"), Json.Bool(Json.Path(c, "securityContext"), "privileged")))
            .ToList();
        var severity = Json.Get(f, "severity") is { ValueKind: JsonValueKind.Number } s ? s.GetDouble() : 0;
        var action = Json.Path(service, "action");
        var apiCall = Json.Path(action, "kubernetesApiCallAction");
        var connection = Json.Path(action, "networkConnectionAction");
        var process = Json.Path(Json.Path(service, "runtimeDetails"), "process");
        var cluster = Json.Path(resource, "eksClusterDetails");
        return new GuardDutyFinding(
            Json.Text(f, "id") ?? "",
            type,
            severity,
            severity >= 7 ? "High" : severity >= 4 ? "Medium" : "Low",
            Json.Text(f, "title"),
            Rfc3339.TryParse(Json.Text(service, "eventFirstSeen") ?? Json.Text(f, "updatedAt") ?? Json.Text(f, "createdAt")),
            Json.Text(f, "accountId"),
            Json.Text(f, "region"),
            Json.Text(cluster, "name"),
            Json.Text(cluster, "arn"),
            Json.Text(instance, "instanceId"),
            privateIps,
            publicIps,
            dns,
            workload is { ValueKind: JsonValueKind.Object } w
                ? new GuardDutyWorkload(Json.Text(w, "name"), Json.Text(w, "type"), Json.Text(w, "namespace"), Json.Text(w, "uid"), Json.Bool(w, "hostNetwork"))
                : null,
            containers,
            Json.Text(Json.Path(resource, "accessKeyDetails"), "accessKeyId"),
            Json.Text(Json.Path(resource, "accessKeyDetails"), "userName") ?? Json.Text(user, "username"),
            Json.Array(user, "groups").Select(g => g.ValueKind == JsonValueKind.String ? g.GetString() : null).OfType<string>().ToList(),
            connection is { } c2
                ? new GuardDutyAction(Json.Text(action, "actionType"), Json.Text(c2, "connectionDirection"),
                    $"{Json.Text(Json.Path(c2, "remoteIpDetails"), "ipAddressV4")}:{Json.Get(Json.Path(c2, "remotePortDetails"), "port")}/{Json.Text(c2, "protocol")}",
                    [], null, null)
            : action is { ValueKind: JsonValueKind.Object } a
                ? new GuardDutyAction(Json.Text(a, "actionType"), Json.Text(apiCall, "verb"), Json.Text(apiCall, "requestUri"),
                    Json.Array(apiCall, "sourceIps").Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : null)
                        .Append(Json.Text(Json.Path(apiCall, "remoteIpDetails"), "ipAddressV4")).OfType<string>().Distinct().ToList(),
                    Json.Text(apiCall, "userAgent"), Json.Get(apiCall, "statusCode") is { ValueKind: JsonValueKind.Number } code && code.TryGetInt32(out var n) ? n : null)
                : null,
            process is { } p
                ? new GuardDutyProcess(Json.Text(p, "name"), Json.Text(p, "executablePath"),
                    Json.Get(p, "pid") is { ValueKind: JsonValueKind.Number } pid && pid.TryGetInt32(out var pidValue) ? pidValue : null,
                    Json.Text(p, "executableSha256"), Json.Text(p, "user"))
                : null,
            Json.Text(f, "description"));
    }

    public string Summary =>
        Findings.Count == 1
            ? $"{Findings[0].Type} ({Findings[0].SeverityLabel} {Findings[0].Severity.ToString("0.#", CultureInfo.InvariantCulture)}) on {Findings[0].Cluster ?? Findings[0].InstanceId ?? "?"}"
            : $"{Findings.Count} GuardDuty findings" + (Problems.Count > 0 ? $", {Problems.Count} problem(s) (what was skipped or repaired)" : "");
}

/// <summary>
/// Case-insensitive, type-checked reads of JSON evidence (the AWS CLI prints PascalCase, the APIs camelCase): a missing
/// key or a value of another type is null or empty, never an exception.
/// </summary>
public static class Json
{
    public static JsonElement? Get(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e)
        {
            return null;
        }

        foreach (var property in e.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    public static JsonElement? Path(JsonElement? element, string name) => Get(element, name) is { ValueKind: JsonValueKind.Object } child ? child : null;

    public static string? Text(JsonElement? element, string name) => Get(element, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public static bool? Bool(JsonElement? element, string name) => Get(element, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : null;

    public static IEnumerable<JsonElement> Array(JsonElement? element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];
}
