using EksIr.Memory;
using EksIr.Core.Reporting;
using EksIr.Reporting;

namespace EksIr.Kernel.Formatting;

/// <summary>HTML and text renderings of the memory phase's results, over the same views as the CLI.</summary>
public static class MemoryFormatters
{
    public static void Register()
    {
        Formats.Register<LimeDump>(
            d => Html.Card(d.Summary, HtmlTable.Render(CaseViews.FieldHeaders, LimeViews.Facts(d), "eksir-summary") +
                 HtmlTable.Render(LimeViews.Headers, LimeViews.Rows(d)) + DiskFormatters.Problems(d.Problems)),
            d => TextTable.Render(CaseViews.FieldHeaders, LimeViews.Facts(d)) + "\n" + TextTable.Render(LimeViews.Headers, LimeViews.Rows(d)) +
                 string.Concat(d.Problems.Select(p => $"problem: {p}\n")));

        Formats.Register<EksIr.Memory.Volatility.ProcessMaps>(
            m => Html.Card(m.Summary, HtmlTable.Render(MemoryViews.MapHeaders, MemoryViews.MapRows(m)) + DiskFormatters.Problems(m.Problems)),
            m => m.Summary + "\n" + TextTable.Render(MemoryViews.MapHeaders, MemoryViews.MapRows(m)));

        Formats.Register<IocScan>(
            s => Html.Card(s.Summary, HtmlTable.Render(MemoryViews.IocValueHeaders, MemoryViews.IocValueRows(s)) +
                 $"<details><summary>Every hit ({s.Hits.Count})</summary>" + HtmlTable.Render(MemoryViews.IocHitHeaders, MemoryViews.IocHitRows(s)) + "</details>" +
                 DiskFormatters.Problems(s.Problems)),
            s => s.Summary + "\n" + TextTable.Render(MemoryViews.IocValueHeaders, MemoryViews.IocValueRows(s)));

        Formats.Register<ProcessTree>(
            t => Html.Card(t.Summary, ProcessTreeViews.Html(t) +
                 (t.Processes.Any(p => p.Flags.Count > 0)
                     ? "<h4>Flagged</h4>" + HtmlTable.Render(ProcessTreeViews.FlaggedHeaders, ProcessTreeViews.FlaggedRows(t))
                     : "") +
                 "<details><summary>Sources</summary><ul>" + string.Concat(t.Sources.Select(s => $"<li>{System.Net.WebUtility.HtmlEncode(s)}</li>")) + "</ul></details>" +
                 DiskFormatters.Problems(t.Problems)),
            t => t.Summary + "\n" + ProcessTreeViews.NoteLines(t) + ProcessTreeViews.Text(t) + string.Concat(t.Problems.Select(p => $"problem: {p}\n")));
    }
}
