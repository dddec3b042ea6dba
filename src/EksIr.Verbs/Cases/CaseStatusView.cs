using EksIr.Core.Cases;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Verbs.Cases;

/// <summary>A case's status and how many of its recent actions to list.</summary>
public sealed record CaseStatusView(CaseStatus Status, int Last)
{
    /// <summary>For a terminal: the summary, the confirmed entities with where each came from, the recent actions.</summary>
    public static string Text(CaseStatusView v) =>
        TextTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(v.Status)) + "\n" +
        (v.Status.Context.Current.Count == 0 ? "" : TextTable.Render(CaseViews.ContextHeaders, CaseViews.ContextRows(v.Status.Context)) + "\n") +
        TextTable.Render(CaseViews.ActionHeaders, CaseViews.Actions(v.Status, v.Last));
}
