using EksIr.Cli.CommandLine;

namespace EksIr.Cli.Verbs;

/// <summary><c>eksir check QUESTION ANSWER [--kind K] [--expect SHA256] [--hint H]</c></summary>
public sealed class CheckVerb : IVerb
{
    public VerbSpec Spec { get; } = new(
        "check",
        "check QUESTION ANSWER [--kind text|time|set|number] [--expect SHA256] [--hint H] [--json]",
        "A training exercise's answer check, as #!check does it: prints correct / not yet / no answer (exit 0 only when\n" +
        "correct). Without --expect it prints the value a check cell's --expect holds for ANSWER (for exercise authors).",
        ["QUESTION", "ANSWER"],
        new Dictionary<string, string>
        {
            ["--kind"] = "how answers are compared: text (default), time (UTC HH:mm:ss), set (order-free list) or number",
            ["--expect"] = "the expected answer's check value",
            ["--hint"] = "shown when the answer is not right yet",
        },
        new Dictionary<string, string> { ["--json"] = "print the check: question, verdict (correct, incorrect, unanswered), answer, normalized, hint; or {expect} without --expect" });

    public Task<int> RunAsync(ParsedArgs args, CliConsole console, CancellationToken cancellationToken)
    {
        var (question, answer, kind) = (args.Positional(0), args.Positional(1), args.Value("--kind") ?? "text");
        if (args.Value("--expect") is not { } expect)
        {
            var value = EksIr.Investigation.Training.AnswerCheck.Expect(question, answer, kind);
            if (args.Flag("--json"))
            {
                console.WriteJson(new { expect = value });
            }
            else
            {
                console.Out.WriteLine(value);
            }

            return Task.FromResult(0);
        }

        var result = EksIr.Investigation.Training.AnswerCheck.Check(question, answer, kind, expect, args.Value("--hint"));
        if (args.Flag("--json"))
        {
            console.WriteJson(result);
        }
        else
        {
            console.Out.WriteLine(result.Summary);
        }

        return Task.FromResult(result.Verdict == EksIr.Investigation.Training.AnswerVerdict.Correct ? 0 : 1);
    }
}
