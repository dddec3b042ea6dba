using EksIr.Investigation.Training;

namespace EksIr.Verbs.Training;

/// <summary>What <c>check</c> gives: the check of an answer against the exercise's value; or, asked without one, the value an exercise's --expect holds for the answer (for exercise authors).</summary>
public sealed record CheckedAnswer(AnswerCheckResult? Check, string? Expect);
