using EksIr.Disk.Containers;
using EksIr.Core.Evidence;
using EksIr.Cloud.Identification;

namespace EksIr.Investigation.Timeline.Sources;

/// <summary>
/// GuardDuty findings (any export the identification engine reads) as timeline rows at the finding's first sighting.
/// Entities: the finding id, the instance, the pod, the access key, the Kubernetes user, the addresses (the node's and
/// the call's or connection's), and Runtime Monitoring's container id (the pivot to the node's container) and process id.
/// Files with no finding are notes.
/// </summary>
public static class GuardDutyRows
{
    public static (IReadOnlyList<IncidentEvent> Rows, IReadOnlyList<EvidenceProblem> Problems, IReadOnlyList<string> Notes) Read(EvidenceRoot root, string path, TimeWindow window)
    {
        var findings = GuardDutyFindings.Read(root, path);
        var problems = new List<EvidenceProblem>(findings.Problems);
        var rows = new List<IncidentEvent>();
        foreach (var f in findings.Findings)
        {
            if (f.Time is not { } time)
            {
                problems.Add(new EvidenceProblem(path, f.Id, "a finding without a time (eventFirstSeen, updatedAt, createdAt); left out of the timeline"));
                continue;
            }

            if (!window.Contains(time))
            {
                continue;
            }

            var pod = f.Workload is { Name: { } name, Type: null or "pods" or "Pod" } w ? $"{w.Namespace ?? "default"}/{name}" : null;
            var entities = new List<EntityRef?>
            {
                new(EntityKinds.Finding, f.Id),
                f.InstanceId is null ? null : new EntityRef(EntityKinds.Instance, f.InstanceId),
                pod is null ? null : new EntityRef(EntityKinds.Pod, pod),
                f.AccessKeyId is null ? null : new EntityRef(EntityKinds.AccessKey, f.AccessKeyId),
                f.UserName is null || f.KubernetesGroups.Count == 0 ? null : new EntityRef(EntityKinds.KubernetesUser, f.UserName),
                f.Process?.Pid is { } pid ? new EntityRef(EntityKinds.Process, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null,
            };
            entities.AddRange(f.Containers.Where(c => c.Id is not null).Select(c => new EntityRef(EntityKinds.Container, c.Id!)));
            entities.AddRange(f.PrivateIps.Concat(f.PublicIps).Concat(f.Action?.SourceIps ?? []).Where(EntityText.IsAddress).Select(ip => new EntityRef(EntityKinds.Ip, ip)));
            entities.AddRange(EntityText.Find(f.Action?.RequestUri).Where(e => e.Kind == EntityKinds.Ip));
            var summary = $"{f.Type} ({f.SeverityLabel} {f.Severity:0.#}): {f.Title ?? f.Description ?? ""}".TrimEnd(' ', ':');
            rows.Add(new IncidentEvent(time, TimelineSources.GuardDuty, f.Type, summary, EntityText.Distinct(entities), new EvidenceRef(findings.File, $"finding {f.Id}"), "guardduty:" + f.Id));
        }

        return (rows, problems, findings.Notes);
    }
}
