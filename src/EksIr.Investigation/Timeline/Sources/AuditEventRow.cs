using System.Text.Json;
using EksIr.Cloud.Identification;
using EksIr.Core.Time;
using EksIr.Logs.Insights;

namespace EksIr.Investigation.Timeline.Sources;

/// <summary>
/// One Kubernetes audit event (audit.k8s.io/v1) as a timeline row at its requestReceivedTimestamp. Entities: the user,
/// the IAM identity EKS's authenticator put in user.extra (arn, accessKeyId), the pod a service-account token belongs to
/// (authentication.kubernetes.io/pod-name), the user it impersonated (impersonatedUser), the source addresses, the object (a pod as namespace/name, a node) and a
/// binding's target node. An exec's command is decoded into the summary.
/// </summary>
public static partial class AuditEventRow
{
    public static IncidentEvent? From(JsonElement e, EvidenceRef where)
    {
        // audit.k8s.io/v1beta1 events of Kubernetes before 1.8 have only "timestamp", the time the request reached the API server.
        var time = Rfc3339.TryParse(Json.Text(e, "requestReceivedTimestamp")) ?? Rfc3339.TryParse(Json.Text(e, "stageTimestamp")) ?? Rfc3339.TryParse(Json.Text(e, "timestamp"));
        if (time is null || e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var user = Json.Get(e, "user");
        var username = Json.Text(user, "username");
        var extra = Json.Get(user, "extra");
        var reference = Json.Get(e, "objectRef");
        var (resource, subresource, ns, name) = (Json.Text(reference, "resource"), Json.Text(reference, "subresource"), Json.Text(reference, "namespace"), Json.Text(reference, "name"));
        var verb = Json.Text(e, "verb") ?? "?";
        var uri = Json.Text(e, "requestURI") ?? "";
        var code = Json.Get(Json.Get(e, "responseStatus"), "code") is { ValueKind: JsonValueKind.Number } c && c.TryGetInt32(out var n) ? n : (int?)null;
        var ips = Array(e, "sourceIPs").Where(EntityText.IsAddress).ToList();

        var asUser = Json.Text(Json.Get(e, "impersonatedUser"), "username"); // the request was authorized as this user, made by username
        var entities = new List<EntityRef?>
        {
            username is null ? null : new EntityRef(EntityKinds.KubernetesUser, username),
            asUser is null ? null : new EntityRef(EntityKinds.KubernetesUser, asUser),
        };
        entities.AddRange(Array(extra, "arn").Select(a => new EntityRef(EntityKinds.IamArn, a)));
        entities.AddRange(Array(extra, "accessKeyId").Select(k => new EntityRef(EntityKinds.AccessKey, k)));
        var tokenPod = Array(extra, "authentication.kubernetes.io/pod-name").FirstOrDefault();
        var tokenNamespace = username is not null && username.StartsWith("system:serviceaccount:", StringComparison.Ordinal) ? username.Split(':')[2] : null;
        entities.Add(tokenPod is null || tokenNamespace is null ? null : new EntityRef(EntityKinds.Pod, $"{tokenNamespace}/{tokenPod}"));
        entities.AddRange(ips.Select(ip => new EntityRef(EntityKinds.Ip, ip)));
        entities.Add(resource switch
        {
            "pods" when name is not null => new EntityRef(EntityKinds.Pod, $"{ns ?? "default"}/{name}"),
            "nodes" when name is not null => new EntityRef(EntityKinds.Node, name),
            _ => null,
        });
        var target = Json.Get(Json.Get(e, "requestObject"), "target");
        if (Json.Text(target, "kind") == "Node" && Json.Text(target, "name") is { } node)
        {
            entities.Add(new EntityRef(EntityKinds.Node, node));
        }

        var what = resource is null ? uri : $"{resource}{(subresource is null ? "" : "/" + subresource)}" + (name is null ? "" : $" {(ns is null ? "" : ns + "/")}{name}");
        var summary = $"{username ?? "?"}{(asUser is null ? "" : " as " + asUser)} {verb} {what} → {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
        if (subresource is "exec" or "attach")
        {
            var exec = ControlPlaneFacts.Exec(null, username, $"{ns}/{name}", uri, null);
            summary += $": {(exec.Tty ? "interactive " : "")}{exec.CommandOnOneLine}";
        }
        else if (Json.Text(target, "name") is { } boundTo)
        {
            summary += $" (to {boundTo})";
        }

        var action = $"{verb} {resource}{(subresource is null ? "" : "/" + subresource)}";
        var id = Json.Text(e, "auditID") ?? ControlPlaneRows.Hash(e.GetRawText());
        return new IncidentEvent(time.Value, TimelineSources.Audit, action, summary, EntityText.Distinct(entities), where with { Where = $"{where.Where} auditID {id}" }, "audit:" + id);
    }

    /// <summary>The strings of an array (user.extra values, sourceIPs).</summary>
    private static IEnumerable<string> Array(JsonElement? e, string name) =>
        Json.Array(e, name).Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!);
}
