using System.Net;
using EksIr.Core.Cases;
using EksIr.Core.Reporting;
using EksIr.Reporting;
using EksIr.Verbs.Cases;
using Microsoft.DotNet.Interactive.Formatting;

namespace EksIr.Kernel.Formatting;

/// <summary>HTML and text renderings of case results, over the same rows as the CLI (<see cref="CaseViews"/>).</summary>
public static class CaseFormatters // and the load banner
{
    public static void Register()
    {
        Register<OpenedCase>(
            o => Html.Card("Case opened", HtmlTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(o.Shown), "eksir-summary")),
            o => TextTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(o.Shown)));

        Register<CaseStatusView>(
            v => Html.Card($"Case {v.Status.Name}",
                HtmlTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(v.Status), "eksir-summary") +
                (v.Status.Context.Current.Count == 0 ? "" : "<h4>Case context</h4>" + HtmlTable.Render(CaseViews.ContextHeaders, CaseViews.ContextRows(v.Status.Context))) +
                $"<h4>Last {Math.Min(v.Last, v.Status.Actions)} of {Counted.Of(v.Status.Actions, "action")}</h4>" +
                HtmlTable.Render(CaseViews.ActionHeaders, CaseViews.Actions(v.Status, v.Last))),
            v => CaseStatusView.Text(v));

        // What case confirm did, as the CLI says it, above the entities it named (each with its source and time).
        Register<CaseConfirmed>(
            c => Html.Card(c.Retract ? "Retracted from the case" : "Confirmed into the case",
                $"<p>{WebUtility.HtmlEncode(c.Summary)}</p>" + (c.All.Count == 0 ? "" : HtmlTable.Render(CaseViews.ContextHeaders, CaseViews.ContextRows(c.All)))),
            c => c.Summary);

        Register<CaseContextNotes>(
            n => string.Concat(n.Lines.Select(l => $"<p class=\"eksir-note\">{WebUtility.HtmlEncode(l)}</p>")),
            n => string.Concat(n.Lines.Select(l => l + "\n")));

        Register<Banner>(
            b => $"<div><b>EKS IR Notebooks {WebUtility.HtmlEncode(b.Version)}</b> loaded. Magic commands: " +
                 string.Join(", ", b.Commands.Select(c => $"<code>{WebUtility.HtmlEncode(c)}</code>")) + "</div>",
            b => b.ToString());

        Register<CaseReportWritten>(
            r => Html.Card("Report written", HtmlTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(r), "eksir-summary")),
            r => TextTable.Render(CaseViews.FieldHeaders, CaseViews.Summary(r)));
    }

    private static void Register<T>(Func<T, string> html, Func<T, string> text) => Formats.Register(html, text);
}
