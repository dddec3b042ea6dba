using EksIr.Cloud.Identification;
using EksIr.Core.Cases;
using EksIr.Core.Reporting;
using EksIr.Verbs.Cases;
using EksIr.Verbs.Cluster;
using EksIr.Reporting;

namespace EksIr.Verbs.Identification;

/// <summary>The identification phase's verbs over the evidence: the GuardDuty findings that start an investigation.</summary>
public static class IdentificationVerbs
{
    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<GuardDutyFindings>(
            "guardduty",
            "GuardDuty findings from an export (aws guardduty get-findings output, the API's JSON, one finding, a list, an " +
            "EventBridge event, Security Hub's ASFF, GuardDuty's S3 export as .jsonl/.jsonl.gz), or a folder of them: cluster, " +
            "instance and its addresses, workload and containers (Runtime Monitoring: container id and runtime), credentials, " +
            "the API call, the process and its lineage (several findings: a table).",
            [new VerbOption("--file", "the findings export, or a folder of them", Required: true, Implicit: true, Evidence: true, Placeholder: "FILE|DIR"), CaseConfirmation.Option],
            call =>
            {
                var (root, path) = call.File("--file");
                return GuardDutyFindings.Read(root, path);
            },
            r => r.Summary, r => r.Problems,
            (r, _) => r.Findings.Count switch
            {
                0 => "",
                1 => TextTable.Render(CaseViews.FieldHeaders, GuardDutyViews.Card(r.Findings[0])),
                _ => TextTable.Render(GuardDutyViews.Headers, GuardDutyViews.Rows(r)),
            },
            r => r.Findings, "print one object per finding (type, severity, time, cluster, instanceId, privateIps, publicIps, workload, containers, accessKeyId, userName, …)",
            notes: r => r.Notes.Select(n => "note: " + n))
        {
            Entities = r => r.Findings.Count == 1 ? Entities(r.Findings[0]) : [],
        },
    ];

    /// <summary>What a finding names of the incident: the pod (a workload of type pods), the instance, the containers and their images, the credentials and the addresses the API call or connection came from.</summary>
    private static IEnumerable<(CaseEntityKind Kind, string Value)> Entities(GuardDutyFinding f) =>
    [
        .. f.Workload is { Name: { } name, Namespace: { } ns, Type: { } type } && type.StartsWith("pod", StringComparison.OrdinalIgnoreCase) ? [(CaseEntityKind.Pod, $"{ns}/{name}")] : Array.Empty<(CaseEntityKind, string)>(),
        .. ClusterVerbs.Some(CaseEntityKind.Instance, f.InstanceId),
        .. f.Containers.Where(c => c.Id is not null).Select(c => (CaseEntityKind.Container, c.Id!)),
        .. f.Containers.Where(c => c.Image is not null).Select(c => (CaseEntityKind.Image, c.Image!)),
        .. ClusterVerbs.Some(CaseEntityKind.AccessKey, f.AccessKeyId),
        .. ClusterVerbs.Some(CaseEntityKind.Principal, f.UserName),
        .. (f.Action?.SourceIps ?? []).Select(ip => (CaseEntityKind.Ip, ip)),
    ];
}
