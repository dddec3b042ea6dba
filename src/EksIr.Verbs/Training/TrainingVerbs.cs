using EksIr.Investigation.Training;

namespace EksIr.Verbs.Training;

/// <summary>The training playbooks' verb: an exercise's answer check.</summary>
public static class TrainingVerbs
{
    public static IReadOnlyList<VerbDeclaration> All { get; } =
    [
        new Verb<CheckedAnswer>(
            "check",
            "A training exercise's answer check: correct, not yet (with a hint), or no answer yet. The exercise holds only a salted " +
            "SHA-256 of the answer's normal form; without --expect the check gives that value for ANSWER (for exercise authors). " +
            "A verdict is the check's result, not a failure: a notebook shows it and runs on; a command line exits 0 only when correct.",
            [
                new VerbOption("--question", "the question's number or name", Required: true, Placeholder: "QUESTION"),
                new VerbOption("--answer", "your answer (in a notebook usually @csharp:qN from the parameters cell; empty: no answer yet)", Required: true, Placeholder: "ANSWER"),
                new VerbOption("--kind", "how answers are compared: text, time (UTC HH:mm:ss), set (an order-free list) or number", Default: "text", ValueName: "text|time|set|number"),
                new VerbOption("--expect", "the expected answer's check value (eksir check QUESTION ANSWER --kind K gives it)", ValueName: "SHA256"),
                new VerbOption("--hint", "what to look at when the answer is not right yet", ValueName: "H"),
            ],
            Check,
            r => r.Check?.Summary ?? $"the check value of the answer: {r.Expect}", _ => [],
            (r, _) => (r.Check?.Summary ?? r.Expect) + "\n",
            r => r.Check is { } check ? check : new { expect = r.Expect },
            "print the check: question, verdict (correct, incorrect, unanswered), answer, normalized, hint; or {expect} without --expect")
        {
            Verdict = r => r.Check is { } check ? check.Verdict == AnswerVerdict.Correct : null,
        },
    ];

    private static CheckedAnswer Check(VerbCall call)
    {
        var (question, answer, kind) = (call.Arguments.Required("--question"), call.Arguments.Required("--answer"), call.Arguments.Required("--kind"));
        return call.Arguments.Value("--expect") is { } expect
            ? new CheckedAnswer(AnswerCheck.Check(question, answer, kind, expect, call.Arguments.Value("--hint")), null)
            : new CheckedAnswer(null, AnswerCheck.Expect(question, answer, kind));
    }
}
