using EksIr.Cloud.Identification;
using EksIr.Core.Reporting;
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
            [new VerbOption("--file", "the findings export, or a folder of them", Required: true, Implicit: true, Evidence: true, Placeholder: "FILE|DIR")],
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
            notes: r => r.Notes.Select(n => "note: " + n)),
    ];
}
