using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EksIr.Core.Time;

namespace EksIr.Investigation.Training;

/// <summary>What a training answer check says: correct, incorrect, or not answered yet; with the answer as it was compared.</summary>
public enum AnswerVerdict
{
    Unanswered,
    Correct,
    Incorrect,
}

/// <summary>The result of one check, for the notebook and the journal.</summary>
public sealed record AnswerCheckResult(string Question, AnswerVerdict Verdict, string Answer, string Normalized, string? Hint)
{
    public string Summary => Verdict switch
    {
        AnswerVerdict.Correct => $"question {Question}: correct ({Answer})",
        AnswerVerdict.Incorrect => $"question {Question}: not yet — '{Answer}' is not the answer" + (Hint is null ? "" : $"; hint: {Hint}"),
        _ => $"question {Question}: no answer yet" + (Hint is null ? "" : $"; hint: {Hint}"),
    };
}

/// <summary>
/// Checks a training exercise's answer without the notebook holding it: the expected answer is kept as a SHA-256 of
/// its normal form, salted with the question, so reading the exercise does not give it away. Normal forms by kind:
/// text (trimmed, lower case, spaces collapsed), time (UTC HH:mm:ss from any ISO 8601 time or a bare HH:mm:ss),
/// set (comma- or space-separated values as text, sorted, each once), number.
/// </summary>
public static partial class AnswerCheck
{
    public static readonly IReadOnlyList<string> Kinds = ["text", "time", "set", "number"];

    public static AnswerCheckResult Check(string question, string? answer, string kind, string expectedSha256, string? hint = null)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return new AnswerCheckResult(question, AnswerVerdict.Unanswered, "", "", hint);
        }

        var normalized = Normalize(answer, kind);
        var verdict = string.Equals(Hash(question, normalized), expectedSha256.Trim(), StringComparison.OrdinalIgnoreCase) ? AnswerVerdict.Correct : AnswerVerdict.Incorrect;
        return new AnswerCheckResult(question, verdict, answer.Trim(), normalized, hint);
    }

    /// <summary>The value a check cell's --expect holds for this answer (what the exercise's author runs once).</summary>
    public static string Expect(string question, string answer, string kind) => Hash(question, Normalize(answer, kind));

    public static string Normalize(string answer, string kind)
    {
        var text = Spaces().Replace(answer.Trim(), " ");
        return kind switch
        {
            "text" => text.ToLowerInvariant(),
            "time" => Time(text),
            "set" => string.Join(",", text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries).Select(v => v.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal)),
            "number" => long.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                ? n.ToString(CultureInfo.InvariantCulture) : text.ToLowerInvariant(),
            _ => throw new InvestigationException($"--kind {kind}: one of {string.Join(", ", Kinds)}"),
        };
    }

    private static string Time(string text)
    {
        var bare = text.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase) ? text[..^4] : text;
        if (bare.Contains('-', StringComparison.Ordinal) && TimeOption.Parse(bare) is { } t)
        {
            return t.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return ClockTime().Match(bare) is { Success: true } m ? m.Value : text.ToLowerInvariant();
    }

    private static string Hash(string question, string normalized) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"eksir-training:{question}:{normalized}")));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b\d{2}:\d{2}:\d{2}\b")]
    private static partial Regex ClockTime();
}
