using EksIr.Core.Reporting;
using EksIr.Investigation;
using EksIr.Investigation.Reporting;

namespace EksIr.Kernel.Formatting;

/// <summary>The super-timeline (swimlanes, sortable rows, sources, problems) and entity chains, over the same views as the CLI and the write-up.</summary>
public static class InvestigationFormatters
{
    public static void Register()
    {
        Formats.Register<TimelineView>(
            v => Html.Card(v.Summary, TimelineViews.Html(v, "eksir-table eksir-sortable").Replace("</table>", "</table>" + LogFormatters.SortScript, StringComparison.Ordinal)),
            TimelineViews.Text);

        Formats.Register<EntityChainView>(
            v => Html.Card(v.Chain.Summary, TimelineViews.ChainHtml(v.Chain) +
                 SwimlaneChart.Render(v.Timeline.Events.Where(e => e.Entities.Any(x => v.Chain.Find(x) is not null)).ToList(), highlight: v.Chain.Start)),
            v => v.Chain.Summary + "\n" + TextTable.Render(TimelineViews.ChainHeaders, TimelineViews.ChainRows(v.Chain, 1)));

        Formats.Register<EksIr.Investigation.WriteUp.RecordedFinding>(
            f => Html.Card(f.Summary, (f.Finding.Detail is { } d ? $"<p>{System.Net.WebUtility.HtmlEncode(d)}</p>" : "") +
                 HtmlTable.Render(EksIr.Investigation.WriteUp.WriteUpHtml.RowHeaders, EksIr.Investigation.WriteUp.WriteUpHtml.Rows(f.Evidence))),
            f => f.Summary + "\n" + TextTable.Render(TimelineViews.ShortHeaders, TimelineViews.ShortRows(f.Evidence)));
    }
}
