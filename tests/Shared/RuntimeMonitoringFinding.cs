using System.Text.Json.Nodes;

namespace EksIr.Tests;

/// <summary>
/// A GuardDuty Runtime Monitoring finding on an EKS pod, built in the shape GuardDuty's API reference gives
/// (docs.aws.amazon.com/guardduty/latest/APIReference: Finding, Resource — eksClusterDetails, kubernetesDetails,
/// instanceDetails, containerDetails (Container: containerRuntime, id, image, imagePrefix, name, securityContext) —,
/// Service.runtimeDetails (RuntimeDetails: process (ProcessDetails: name, executablePath, executableSha256,
/// namespacePid, pwd, pid, startTime, uuid, parentUuid, user, userId, euid, lineage (LineageObject)), context
/// (RuntimeContext: releaseAgentPath, modifyingProcess, …))). camelCase as the API, EventBridge and the S3 export
/// write it; <see cref="Pascal"/> as the AWS CLI prints it.
/// </summary>
public static class RuntimeMonitoringFinding
{
    public const string ContainerId = "5f1e3c9a7b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";

    public static JsonObject Camel(string id = "6ac5f1e3c9a7b2d4e6f8a0b1c2d3e4f5", string firstSeen = "2026-11-29T06:41:07.000Z") => new()
    {
        ["schemaVersion"] = "2.0",
        ["accountId"] = "111122223333",
        ["region"] = "us-west-2",
        ["partition"] = "aws",
        ["id"] = id,
        ["arn"] = $"arn:aws:guardduty:us-west-2:111122223333:detector/d1/finding/{id}",
        ["type"] = "PrivilegeEscalation:Runtime/CGroupsReleaseAgentModified",
        ["severity"] = 8,
        ["title"] = "Container escape via cgroups release agent file modification detected.",
        ["createdAt"] = "2026-11-29T06:45:00.000Z",
        ["updatedAt"] = "2026-11-29T06:45:00.000Z",
        ["resource"] = new JsonObject
        {
            ["resourceType"] = "EKSCluster",
            ["eksClusterDetails"] = new JsonObject { ["name"] = "eksworkshop-eksctl", ["arn"] = "arn:aws:eks:us-west-2:111122223333:cluster/eksworkshop-eksctl" },
            ["kubernetesDetails"] = new JsonObject
            {
                ["kubernetesWorkloadDetails"] = new JsonObject
                {
                    ["name"] = "sysdiag", ["type"] = "pods", ["uid"] = "3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b", ["namespace"] = "default",
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "sysdiag", ["image"] = "registry.example/sysdiag:1.0", ["imagePrefix"] = "registry.example",
                        ["securityContext"] = new JsonObject { ["privileged"] = true },
                    }),
                },
            },
            ["instanceDetails"] = new JsonObject
            {
                ["instanceId"] = "i-0c7d2e91b4a6f3508",
                ["networkInterfaces"] = new JsonArray(new JsonObject { ["privateIpAddress"] = "192.168.23.107" }),
            },
            ["containerDetails"] = new JsonObject
            {
                ["containerRuntime"] = "containerd", ["id"] = ContainerId, ["name"] = "sysdiag", ["image"] = "registry.example/sysdiag:1.0",
                ["imagePrefix"] = "registry.example",
            },
        },
        ["service"] = new JsonObject
        {
            ["serviceName"] = "guardduty",
            ["featureName"] = "RuntimeMonitoring",
            ["eventFirstSeen"] = firstSeen,
            ["eventLastSeen"] = firstSeen,
            ["count"] = 1,
            ["runtimeDetails"] = new JsonObject
            {
                ["process"] = new JsonObject
                {
                    ["name"] = "sh", ["executablePath"] = "/bin/busybox", ["executableSha256"] = new string('e', 64), ["namespacePid"] = 31, ["pwd"] = "/tmp",
                    ["pid"] = 5412, ["startTime"] = "2026-11-29T06:41:05.000Z", ["uuid"] = "p-5412", ["parentUuid"] = "p-5398",
                    ["user"] = "root", ["userId"] = 0, ["euid"] = 0,
                    ["lineage"] = new JsonArray(
                        new JsonObject { ["pid"] = 5398, ["name"] = "sh", ["executablePath"] = "/bin/busybox", ["euid"] = 0, ["uuid"] = "p-5398", ["parentUuid"] = "p-5120" },
                        new JsonObject { ["pid"] = 5120, ["name"] = "containerd-shim", ["executablePath"] = "/usr/bin/containerd-shim-runc-v2", ["euid"] = 0, ["uuid"] = "p-5120" }),
                },
                ["context"] = new JsonObject
                {
                    ["releaseAgentPath"] = "/tmp/cgrp/release_agent",
                    ["modifyingProcess"] = new JsonObject { ["name"] = "sh", ["pid"] = 5412, ["executablePath"] = "/bin/busybox" },
                },
            },
        },
    };

    /// <summary>The same with every key's first letter upper-cased, as <c>aws guardduty get-findings</c> prints it.</summary>
    public static JsonNode Pascal(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => new KeyValuePair<string, JsonNode?>(char.ToUpperInvariant(p.Key[0]) + p.Key[1..], p.Value is null ? null : Pascal(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(v => v is null ? null : Pascal(v))]),
        _ => node.DeepClone(),
    };
}
