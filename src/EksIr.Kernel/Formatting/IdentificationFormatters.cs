using EksIr.Core.Kubernetes;
using EksIr.Core.Plans;
using EksIr.Core.Reporting;

namespace EksIr.Kernel.Formatting;

/// <summary>HTML and text renderings of the identification phase's results: findings, nodes, pods.</summary>
public static class IdentificationFormatters
{
    public static void Register()
    {
        Formats.Register<Core.Identification.GuardDutyFindings>(
            g => g.Findings.Count == 1
                ? Html.Card(g.Summary, HtmlTable.Render(CaseViews.FieldHeaders, GuardDutyViews.Card(g.Findings[0]), "eksir-summary") + DiskFormatters.Problems(g.Problems))
                : Html.Card(g.Summary, HtmlTable.Render(GuardDutyViews.Headers, GuardDutyViews.Rows(g)) + DiskFormatters.Problems(g.Problems)),
            g => g.Findings.Count == 1 ? TextTable.Render(CaseViews.FieldHeaders, GuardDutyViews.Card(g.Findings[0])) : TextTable.Render(GuardDutyViews.Headers, GuardDutyViews.Rows(g)));

        Formats.Register<ClusterNode>(
            n => Html.Card($"Node {n.Name}", HtmlTable.Render(CaseViews.FieldHeaders, ClusterViews.Node(n), "eksir-summary")),
            n => TextTable.Render(CaseViews.FieldHeaders, ClusterViews.Node(n)));

        Formats.Register<ActionPlan>(
            r => Html.Card(r.Summary, HtmlTable.Render(["Step", "Target", "Outcome", "Before", "Undo"],
                     r.Actions.Select(a => (IReadOnlyList<string?>)[a.Action, a.Target, a.Outcome, a.Before, a.Rollback])) +
                 string.Concat(r.Actions.Select(a => $"<details><summary>{System.Net.WebUtility.HtmlEncode(a.Action)}: what is {(r.Executed ? "sent" : "to send")}</summary><pre>{System.Net.WebUtility.HtmlEncode(a.Detail)}</pre></details>"))),
            r => r.Summary + "\n" + string.Concat(r.Actions.Select(a => $"\n== {a.Action} {a.Target}: {a.Outcome}\nbefore: {a.Before}\nundo: {a.Rollback}\n{a.Detail.TrimEnd()}\n")));

        Formats.Register<ClusterPod>(
            p => Html.Card($"Pod {p.Namespace}/{p.Name}", HtmlTable.Render(CaseViews.FieldHeaders, ClusterViews.Pod(p), "eksir-summary")),
            p => TextTable.Render(CaseViews.FieldHeaders, ClusterViews.Pod(p)));
    }
}
