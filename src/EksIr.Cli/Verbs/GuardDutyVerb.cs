using EksIr.Cli.CommandLine;
using EksIr.Core.Evidence;
using EksIr.Core.Identification;
using EksIr.Core.Reporting;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir guardduty FILE [--json]</c></summary>
public sealed class GuardDutyVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "guardduty",
        "guardduty FILE [--json]",
        "GuardDuty findings from an export (aws guardduty get-findings output, the API's JSON, one finding, a list, an\n" +
        "EventBridge event, Security Hub's ASFF, GuardDuty's S3 export as .jsonl/.jsonl.gz), or a folder of them: cluster,\n" +
        "instance and its addresses, workload and containers (Runtime Monitoring: container id and runtime), credentials,\n" +
        "the API call, the process and its lineage.",
        ["FILE"],
        new Dictionary<string, string>(),
        new Dictionary<string, string> { ["--json"] = "print one object per finding (type, severity, time, cluster, instanceId, privateIps, publicIps, workload, containers, accessKeyId, userName, …)" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (root, path) = EvidenceFile.Locate(args.Positional(0));
        var findings = GuardDutyFindings.Read(root, path);
        if (args.Flag("--json"))
        {
            console.WriteJson(findings.Findings);
        }
        else if (findings.Findings.Count == 1)
        {
            console.Out.Write(TextTable.Render(CaseViews.FieldHeaders, GuardDutyViews.Card(findings.Findings[0])));
        }
        else if (findings.Findings.Count > 1)
        {
            console.Out.Write(TextTable.Render(GuardDutyViews.Headers, GuardDutyViews.Rows(findings)));
        }

        foreach (var note in findings.Notes)
        {
            console.Error.WriteLine("note: " + note);
        }

        console.ReportProblems(findings.Problems);
        return Task.FromResult(0);
    }
}
