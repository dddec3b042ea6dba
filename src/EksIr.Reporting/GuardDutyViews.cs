using System.Globalization;
using EksIr.Cloud.Identification;
using EksIr.Core.Reporting;

namespace EksIr.Reporting;

/// <summary>A GuardDuty finding as a card (field/value rows) and findings as a table.</summary>
public static class GuardDutyViews
{
    /// <summary>What a card or table shows where the finding says nothing of a field (a blank cell would read as "empty").</summary>
    public const string NotInFinding = "not in the finding";

    public static IReadOnlyList<IReadOnlyList<string?>> Card(GuardDutyFinding f) => Said(
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
        ["Container id", f.Containers.Any(c => c.Id is not null)
            ? Join("; ", f.Containers.Where(c => c.Id is not null).Select(c => $"{c.Id} ({Join(", ", [c.Runtime, c.Name])})"))
            : null],
        ["Process", f.Process is { } p ? Process(p) : null],
        ["Process lineage", f.Process is { Lineage.Count: > 0 } l
            ? string.Join(" ← ", l.Lineage.Select(a => Join(" ", [a.Pid is { } pid ? $"PID {pid}" : null, a.ExecutablePath ?? a.Name])))
            : null],
        ["Runtime context", f.RuntimeContext.Count > 0 ? string.Join(", ", f.RuntimeContext.Select(c => $"{c.Name}={c.Value}")) : null],
        ["Finding id", f.Id],
    ]);

    /// <summary>Rows with every blank cell said as <see cref="NotInFinding"/>.</summary>
    private static IReadOnlyList<IReadOnlyList<string?>> Said(IEnumerable<IReadOnlyList<string?>> rows) =>
        [.. rows.Select(r => (IReadOnlyList<string?>)[.. r.Select(c => string.IsNullOrWhiteSpace(c) ? NotInFinding : c)])];

    /// <summary>Name (PID, namespace PID, path, working directory, user and ids, start, SHA-256): what is known of it.</summary>
    private static string Process(GuardDutyProcess p) =>
        $"{p.Name} ({Join(", ", [
            p.Pid is { } pid ? $"PID {pid}" : null,
            p.NamespacePid is { } ns ? $"PID {ns} in the container" : null,
            p.ExecutablePath,
            p.WorkingDirectory is { } cwd ? $"cwd {cwd}" : null,
            p.User is null && p.UserId is null ? null
                : $"user {p.User}" + (p.UserId is { } uid ? $" (uid {uid}" + (p.EffectiveUserId is { } euid && euid != uid ? $", euid {euid})" : ")") : ""),
            p.StartTime is { } start ? $"started {start}" : null,
            p.ExecutableSha256 is { } sha ? $"sha256 {sha}" : null])})";

    private static string Join(string separator, IEnumerable<string?> parts) => string.Join(separator, parts.Where(s => !string.IsNullOrEmpty(s)));

    public static readonly string[] Headers = ["First seen (UTC)", "Severity", "Type", "Cluster", "Instance", "Workload", "User / key"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(GuardDutyFindings findings) =>
        Said(findings.Findings.OrderBy(f => f.Time).Select(f => (IReadOnlyList<string?>)
            [f.Time?.ToString(), $"{f.SeverityLabel} {f.Severity.ToString("0.#", CultureInfo.InvariantCulture)}", f.Type, f.Cluster, f.InstanceId,
             f.Workload is { } w ? $"{w.Namespace}/{w.Name}" : null, f.AccessKeyId ?? f.UserName]));
}
