using System.Net;
using EksIr.Investigation.Training;
using EksIr.Verbs.Training;

namespace EksIr.Kernel.Formatting;

/// <summary>An answer check as a coloured line: green correct, amber not yet (with the hint), grey no answer yet; asked without --expect, the value it would hold.</summary>
public static class TrainingFormatters
{
    public static void Register() =>
        Formats.Register<CheckedAnswer>(
            c => c.Check is { } r ? Html(r) : $"<div class=\"eksir-check\">--expect <code>{WebUtility.HtmlEncode(c.Expect)}</code></div>",
            c => c.Check?.Summary ?? c.Expect ?? "");

    private static string Html(AnswerCheckResult r)
    {
        var (mark, colour) = r.Verdict switch
        {
            AnswerVerdict.Correct => ("✔ correct", "#1a7f37"),
            AnswerVerdict.Incorrect => ("✘ not yet", "#9a6700"),
            _ => ("… no answer yet", "#57606a"),
        };
        var detail = r.Verdict == AnswerVerdict.Unanswered ? "set the answer in the parameters cell and run this cell again" : WebUtility.HtmlEncode(r.Answer);
        return $"<div class=\"eksir-check\" style=\"border-left:4px solid {colour};padding:4px 10px;margin:4px 0\"><b style=\"color:{colour}\">Question {WebUtility.HtmlEncode(r.Question)}: {mark}</b> — {detail}" +
               (r.Verdict != AnswerVerdict.Correct && r.Hint is { } hint ? $"<br><small>hint: {WebUtility.HtmlEncode(hint)}</small>" : "") + "</div>";
    }
}
