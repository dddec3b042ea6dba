using EksIr.Core.Evidence;
using EksIr.Cloud.Kubernetes;
using EksIr.Core.Plans;
using EksIr.Core.Reporting;
using EksIr.Reporting;
using EksIr.Verbs;

namespace EksIr.Kernel.Formatting;

/// <summary>HTML and text renderings of the identification phase's results: findings, nodes, pods, and the plans of containment and acquisition.</summary>
public static class IdentificationFormatters
{
    public static void Register()
    {
        Formats.Register<EksIr.Cloud.Identification.GuardDutyFindings>(
            g => g.Findings.Count == 1
                ? Html.Card(g.Summary, HtmlTable.Render(CaseViews.FieldHeaders, GuardDutyViews.Card(g.Findings[0]), "eksir-summary") + DiskFormatters.Problems(g.Problems))
                : Html.Card(g.Summary, HtmlTable.Render(GuardDutyViews.Headers, GuardDutyViews.Rows(g)) + DiskFormatters.Problems(g.Problems)),
            g => g.Findings.Count == 1 ? TextTable.Render(CaseViews.FieldHeaders, GuardDutyViews.Card(g.Findings[0])) : TextTable.Render(GuardDutyViews.Headers, GuardDutyViews.Rows(g)));

        // What a cluster or an AWS account answered, with what its snapshot could not read.
        Formats.Register<SourceAnswer<ClusterNode>>(
            a => Html.Card($"Node {a.Answer.Name}", HtmlTable.Render(CaseViews.FieldHeaders, ClusterViews.Node(a.Answer), "eksir-summary") + DiskFormatters.Problems(a.Problems)),
            a => TextTable.Render(CaseViews.FieldHeaders, ClusterViews.Node(a.Answer)) + ProblemLines(a.Problems));

        Formats.Register<SourceAnswer<ActionPlan>>(
            a => Html.Card(a.Answer.Summary, HtmlTable.Render(["Step", "Target", "Outcome", "Before", "Undo"],
                     a.Answer.Actions.Select(s => (IReadOnlyList<string?>)[s.Action, s.Target, s.Outcome, s.Before, s.Rollback])) +
                 string.Concat(a.Answer.Actions.Select(s => $"<details><summary>{System.Net.WebUtility.HtmlEncode(s.Action)}: what is {(a.Answer.Executed ? "sent" : "to send")}</summary><pre>{System.Net.WebUtility.HtmlEncode(s.Detail)}</pre></details>")) +
                 DiskFormatters.Problems(a.Problems)),
            a => a.Answer.Summary + "\n" + string.Concat(a.Answer.Actions.Select(s => $"\n== {s.Action} {s.Target}: {s.Outcome}\nbefore: {s.Before}\nundo: {s.Rollback}\n{s.Detail.TrimEnd()}\n")) +
                 ProblemLines(a.Problems));

        Formats.Register<SourceAnswer<ClusterPod>>(
            a => Html.Card($"Pod {a.Answer.Namespace}/{a.Answer.Name}", HtmlTable.Render(CaseViews.FieldHeaders, ClusterViews.Pod(a.Answer), "eksir-summary") + DiskFormatters.Problems(a.Problems)),
            a => TextTable.Render(CaseViews.FieldHeaders, ClusterViews.Pod(a.Answer)) + ProblemLines(a.Problems));
    }

    private static string ProblemLines(IReadOnlyList<EvidenceProblem> problems) => string.Concat(problems.Select(p => $"problem: {p}\n"));
}
