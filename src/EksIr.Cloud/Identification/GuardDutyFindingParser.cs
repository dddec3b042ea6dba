using System.Text.Json;
using EksIr.Core.Time;

namespace EksIr.Cloud.Identification;

/// <summary>
/// One GuardDuty finding in the API's shape (GetFindings' <c>Finding</c>: camelCase from the API, EventBridge and the S3
/// export, PascalCase from the AWS CLI; keys are matched without regard to case), or an ASFF finding. Runtime
/// Monitoring's pivots are kept: the container (<c>resource.containerDetails</c>: id, containerRuntime, name, image),
/// the pod (<c>resource.kubernetesDetails.kubernetesWorkloadDetails</c>), the process and its lineage
/// (<c>service.runtimeDetails.process</c>) and what it acted on (<c>service.runtimeDetails.context</c>).
/// </summary>
internal static class GuardDutyFindingParser
{
    /// <summary>The findings a JSON value holds: {"Findings": […]}, a list, an EventBridge event's detail, or itself.</summary>
    public static IReadOnlyList<JsonElement> Candidates(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return [.. root.EnumerateArray()];
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        if (Json.Get(root, "findings") is { ValueKind: JsonValueKind.Array } list)
        {
            return [.. list.EnumerateArray()];
        }

        return Json.Get(root, "detail") is { ValueKind: JsonValueKind.Object } detail ? [detail] : [root];
    }

    /// <summary>True for a value that holds no finding and says so: <c>{"Findings": []}</c> or <c>[]</c>.</summary>
    public static bool IsEmptyAnswer(JsonElement root) =>
        (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 0)
        || (root.ValueKind == JsonValueKind.Object && Json.Get(root, "findings") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() == 0);

    public static GuardDutyFinding? Parse(JsonElement f)
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
        var severity = Json.Get(f, "severity") is { ValueKind: JsonValueKind.Number } s ? s.GetDouble() : 0;
        var action = Json.Path(service, "action");
        var runtime = Json.Path(service, "runtimeDetails");
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
            Containers(workload, Json.Path(resource, "containerDetails")),
            Json.Text(Json.Path(resource, "accessKeyDetails"), "accessKeyId"),
            Json.Text(Json.Path(resource, "accessKeyDetails"), "userName") ?? Json.Text(user, "username"),
            Json.Array(user, "groups").Select(g => g.ValueKind == JsonValueKind.String ? g.GetString() : null).OfType<string>().ToList(),
            Action(action),
            Process(Json.Path(runtime, "process")),
            Json.Text(f, "description"))
        {
            RuntimeContext = Context(Json.Path(runtime, "context")),
        };
    }

    /// <summary>
    /// The pod's containers, and the container Runtime Monitoring saw (containerDetails: the one with an id and a
    /// runtime) merged into the pod's container of the same name, or added when the pod lists none.
    /// </summary>
    private static List<GuardDutyContainer> Containers(JsonElement? workload, JsonElement? details)
    {
        var containers = Json.Array(workload, "containers")
            .Select(c => new GuardDutyContainer(Json.Text(c, "name"), Json.Text(c, "image"), Json.Bool(Json.Path(c, "securityContext"), "privileged")))
            .ToList();
        if (details is not { } d)
        {
            return containers;
        }

        var seen = new GuardDutyContainer(Json.Text(d, "name"), Json.Text(d, "image"), Json.Bool(Json.Path(d, "securityContext"), "privileged"),
            Json.Text(d, "id"), Json.Text(d, "containerRuntime"));
        var same = containers.FindIndex(c => c.Name is not null && c.Name == seen.Name);
        if (same < 0)
        {
            containers.Add(seen);
        }
        else
        {
            containers[same] = seen with { Image = seen.Image ?? containers[same].Image, Privileged = seen.Privileged ?? containers[same].Privileged };
        }

        return containers;
    }

    private static GuardDutyAction? Action(JsonElement? action)
    {
        var apiCall = Json.Path(action, "kubernetesApiCallAction");
        if (Json.Path(action, "networkConnectionAction") is { } c)
        {
            return new GuardDutyAction(Json.Text(action, "actionType"), Json.Text(c, "connectionDirection"),
                $"{Json.Text(Json.Path(c, "remoteIpDetails"), "ipAddressV4")}:{Json.Get(Json.Path(c, "remotePortDetails"), "port")}/{Json.Text(c, "protocol")}",
                [], null, null);
        }

        return action is { ValueKind: JsonValueKind.Object } a
            ? new GuardDutyAction(Json.Text(a, "actionType"), Json.Text(apiCall, "verb"), Json.Text(apiCall, "requestUri"),
                Json.Array(apiCall, "sourceIps").Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : null)
                    .Append(Json.Text(Json.Path(apiCall, "remoteIpDetails"), "ipAddressV4")).OfType<string>().Distinct().ToList(),
                Json.Text(apiCall, "userAgent"), Int(apiCall, "statusCode"))
            : null;
    }

    /// <summary>service.runtimeDetails.process (ProcessDetails in GuardDuty's API reference), its lineage nearest parent first.</summary>
    private static GuardDutyProcess? Process(JsonElement? process) =>
        process is not { } p ? null
            : new GuardDutyProcess(Json.Text(p, "name"), Json.Text(p, "executablePath"), Int(p, "pid"), Json.Text(p, "executableSha256"), Json.Text(p, "user"))
            {
                NamespacePid = Int(p, "namespacePid"),
                WorkingDirectory = Json.Text(p, "pwd"),
                StartTime = Rfc3339.TryParse(Json.Text(p, "startTime")),
                Uuid = Json.Text(p, "uuid"),
                ParentUuid = Json.Text(p, "parentUuid"),
                UserId = Int(p, "userId"),
                EffectiveUserId = Int(p, "euid"),
                Lineage = [.. Json.Array(p, "lineage").Where(l => l.ValueKind == JsonValueKind.Object)
                    .Select(l => new GuardDutyAncestor(Int(l, "pid"), Json.Text(l, "name"), Json.Text(l, "executablePath"), Int(l, "euid"), Json.Text(l, "uuid")))],
            };

    /// <summary>
    /// service.runtimeDetails.context (RuntimeContext: what the process acted on — a file path, a release agent, the
    /// modifying or target process, a command line example …) as name/value pairs, nested objects one level down
    /// ("modifyingProcess.name"); at most 24.
    /// </summary>
    private static IReadOnlyList<GuardDutyContextField> Context(JsonElement? context)
    {
        var fields = new List<GuardDutyContextField>();
        void Add(string name, JsonElement value, int depth)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    fields.Add(new GuardDutyContextField(name, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()));
                    break;
                case JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number):
                    fields.Add(new GuardDutyContextField(name, string.Join(", ", value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()))));
                    break;
                case JsonValueKind.Object when depth == 0:
                    foreach (var child in value.EnumerateObject())
                    {
                        Add(name + "." + Camel(child.Name), child.Value, depth + 1);
                    }

                    break;
            }
        }

        if (context is { } c)
        {
            foreach (var property in c.EnumerateObject())
            {
                Add(Camel(property.Name), property.Value, 0);
            }
        }

        return fields.Count > 24 ? [.. fields.Take(24)] : fields;
    }

    /// <summary>The API's name of a key the AWS CLI printed PascalCase.</summary>
    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private static int? Int(JsonElement? element, string name) =>
        Json.Get(element, name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var value) ? value : null;
}
