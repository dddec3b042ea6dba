using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EksIr.Core.Time;

namespace EksIr.Cloud.Identification;

/// <summary>
/// A GuardDuty finding as Security Hub keeps it (ASFF): the GuardDuty type from <c>Types</c>
/// ("TTPs/Privilege Escalation/PrivilegeEscalation:Kubernetes-PrivilegedContainer"), GuardDuty's own severity from
/// <c>Severity.Product</c>, the cluster, instance and containers from <c>Resources</c> (AwsEksCluster, AwsEc2Instance,
/// Container), and whatever Kubernetes and access-key details GuardDuty put in <c>ProductFields</c> (flattened
/// "aws/guardduty/…/name" keys, matched by their last segments). What ASFF does not carry is left empty.
/// </summary>
internal static class SecurityHubFinding
{
    public static GuardDutyFinding? Parse(JsonElement f)
    {
        var asffType = Json.Array(Json.Path(f, "findingProviderFields"), "types").Concat(Json.Array(f, "types"))
            .Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null).OfType<string>().FirstOrDefault();
        if (asffType is null)
        {
            return null;
        }

        var fields = Json.Path(f, "productFields") is { } pf
            ? pf.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? Field(string suffix) => fields.FirstOrDefault(p => p.Key.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)).Value;

        var resources = Json.Array(f, "resources").ToList();
        JsonElement? Resource(string type) => resources.FirstOrDefault(r => string.Equals(Json.Text(r, "type"), type, StringComparison.OrdinalIgnoreCase)) is { ValueKind: JsonValueKind.Object } r ? r : null;
        var cluster = Resource("AwsEksCluster");
        var instance = Resource("AwsEc2Instance");
        var addresses = Json.Array(Json.Path(Json.Path(instance, "details"), "awsEc2Instance"), "ipV4Addresses")
            .Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() : null).OfType<string>().ToList();
        var containers = resources.Where(r => string.Equals(Json.Text(r, "type"), "Container", StringComparison.OrdinalIgnoreCase))
            .Select(r => Json.Path(Json.Path(r, "details"), "container"))
            .Select(c => new GuardDutyContainer(Json.Text(c, "name"), Json.Text(c, "imageName") ?? Json.Text(c, "imageId"), Json.Bool(c, "privileged")))
            .ToList();
        var severity = Json.Get(Json.Path(f, "findingProviderFields") is { } fp ? Json.Path(fp, "severity") : null, "product")
            ?? Json.Get(Json.Path(f, "severity"), "product");
        var score = severity is { ValueKind: JsonValueKind.Number } s ? s.GetDouble() : 0;
        var workloadName = Field("kubernetesWorkloadDetails/name");
        return new GuardDutyFinding(
            Field("aws/guardduty/service/findingId") ?? Json.Text(f, "id") ?? "",
            GuardDutyType(asffType),
            score,
            score >= 7 ? "High" : score >= 4 ? "Medium" : "Low",
            Json.Text(f, "title"),
            Rfc3339.TryParse(Field("service/eventFirstSeen") ?? Json.Text(f, "firstObservedAt") ?? Json.Text(f, "createdAt")),
            Json.Text(f, "awsAccountId"),
            Json.Text(f, "region"),
            Json.Text(Json.Path(Json.Path(cluster, "details"), "awsEksCluster"), "name") ?? Json.Text(cluster, "id")?.Split('/')[^1],
            Json.Text(cluster, "id"),
            Json.Text(instance, "id")?.Split('/')[^1],
            addresses.Where(IsPrivate).ToList(),
            addresses.Where(a => !IsPrivate(a)).ToList(),
            [],
            workloadName is null ? null
                : new GuardDutyWorkload(workloadName, Field("kubernetesWorkloadDetails/type"), Field("kubernetesWorkloadDetails/namespace"), Field("kubernetesWorkloadDetails/uid"),
                    bool.TryParse(Field("kubernetesWorkloadDetails/hostNetwork"), out var host) ? host : null),
            containers,
            Field("accessKeyDetails/accessKeyId"),
            Field("accessKeyDetails/userName") ?? Field("kubernetesUserDetails/username"),
            [],
            Field("action/actionType") is { } actionType
                ? new GuardDutyAction(actionType, Field("kubernetesApiCallAction/verb"), Field("kubernetesApiCallAction/requestUri"),
                    Field("kubernetesApiCallAction/remoteIpDetails/ipAddressV4") is { } ip ? [ip] : [], Field("kubernetesApiCallAction/userAgent"), null)
                : null,
            null,
            Json.Text(f, "description"));
    }

    /// <summary>"TTPs/Privilege Escalation/PrivilegeEscalation:Kubernetes-PrivilegedContainer" → "PrivilegeEscalation:Kubernetes/PrivilegedContainer".</summary>
    public static string GuardDutyType(string asffType)
    {
        var last = asffType.Split('/')[^1];
        var colon = last.IndexOf(':', StringComparison.Ordinal);
        var dash = colon < 0 ? -1 : last.IndexOf('-', colon);
        return dash < 0 ? last : string.Concat(last.AsSpan(0, dash), "/", last.AsSpan(dash + 1));
    }

    private static bool IsPrivate(string address) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork
        && ip.GetAddressBytes() is var b && (b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] < 32) || (b[0] == 192 && b[1] == 168));
}
