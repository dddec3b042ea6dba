using System.Globalization;
using EksIr.Core.Identification;

namespace EksIr.Core.Reporting;

/// <summary>A GuardDuty finding as a card (field/value rows) and findings as a table.</summary>
public static class GuardDutyViews
{
    public static IReadOnlyList<IReadOnlyList<string?>> Card(GuardDutyFinding f) =>
    [
        ["Finding", $"{f.Type} — {f.Title}"],
        ["Severity", $"{f.SeverityLabel} ({f.Severity.ToString("0.#", CultureInfo.InvariantCulture)})"],
        ["First seen (UTC)", f.Time?.ToString()],
        ["Account / region", $"{f.Account} / {f.Region}"],
        ["Cluster", f.ClusterArn ?? f.Cluster],
        ["Instance", f.InstanceId],
        ["Private IPs", string.Join(", ", f.PrivateIps)],
        ["Public IPs", string.Join(", ", f.PublicIps)],
        ["DNS names", string.Join(", ", f.DnsNames)],
        ["Workload", f.Workload is { } w ? $"{w.Type} {w.Namespace}/{w.Name} (uid {w.Uid})" + (w.HostNetwork == true ? ", hostNetwork" : "") : null],
        ["Containers", string.Join("; ", f.Containers.Select(c => $"{c.Name}: {c.Image}" + (c.Privileged == true ? " (privileged)" : "")))],
        ["Access key id", f.AccessKeyId],
        ["User", f.UserName + (f.KubernetesGroups.Count > 0 ? $" (groups {string.Join(", ", f.KubernetesGroups)})" : "")],
        ["Action", f.Action is { } a
            ? a.SourceIps.Count > 0 || a.UserAgent is not null
                ? $"{a.Type}: {a.Verb} {a.RequestUri} from {string.Join(", ", a.SourceIps)} ({a.UserAgent}) → {a.StatusCode}"
                : $"{a.Type}: {a.Verb} {a.RequestUri}"
            : null],
        ["Process", f.Process is { } p ? $"{p.Name} (PID {p.Pid}, {p.ExecutablePath}, user {p.User}, sha256 {p.ExecutableSha256})" : null],
        ["Finding id", f.Id],
    ];

    public static readonly string[] Headers = ["First seen (UTC)", "Severity", "Type", "Cluster", "Instance", "Workload", "User / key"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(GuardDutyFindings findings) =>
        findings.Findings.OrderBy(f => f.Time).Select(f => (IReadOnlyList<string?>)
            [f.Time?.ToString(), $"{f.SeverityLabel} {f.Severity.ToString("0.#", CultureInfo.InvariantCulture)}", f.Type, f.Cluster, f.InstanceId,
             f.Workload is { } w ? $"{w.Namespace}/{w.Name}" : null, f.AccessKeyId ?? f.UserName]);
}
