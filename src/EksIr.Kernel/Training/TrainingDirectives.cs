using EksIr.Investigation.Training;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Training;

/// <summary><c>#!check --question N --answer A --kind K --expect SHA256 [--hint H]</c></summary>
public sealed class CheckAnswer : KernelCommand
{
    public string? Question { get; set; }

    public string? Answer { get; set; }

    public string? Kind { get; set; }

    public string? Expect { get; set; }

    public string? Hint { get; set; }
}

/// <summary>The training playbooks' answer checks (same verb as eksir check).</summary>
public static class TrainingDirectives
{
    public static void Register(CompositeKernel kernel, CurrentCase current)
    {
        var check = new KernelActionDirective("#!check")
        {
            Description = "A training exercise's answer check: correct, not yet (with a hint), or no answer yet",
            Parameters =
            {
                new KernelDirectiveParameter("--question", "The question's number or name") { Required = true },
                new KernelDirectiveParameter("--answer", "Your answer (usually @csharp:qN from the parameters cell)"),
                new KernelDirectiveParameter("--kind", "text (default), time, set or number: how answers are compared"),
                new KernelDirectiveParameter("--expect", "The expected answer's check value (eksir check prints it)") { Required = true },
                new KernelDirectiveParameter("--hint", "What to look at when the answer is not right yet"),
            },
        };
        kernel.AddDirective(check, CaseVerb.Handler<CheckAnswer>(current, "check",
            c => JournalOptions.Of(("--question", c.Question), ("--answer", c.Answer), ("--kind", c.Kind)),
            (c, _) => AnswerCheck.Check(c.Question!, c.Answer, c.Kind ?? "text", c.Expect!, c.Hint),
            r => ((AnswerCheckResult)r).Summary));
    }
}
