using System.Text.RegularExpressions;

namespace EksIr.Cli.Tests.Support;

/// <summary>
/// The one time format every table and chart label writes: RFC 3339 in UTC with <c>Z</c> (2026-11-29T06:23:29Z,
/// with a fraction as the evidence holds it: .902Z, .972527172Z). Finds date-times written any other way: a space
/// for the <c>T</c>, no zone or an offset, a slashed date (12/02/2026 19:17:15), a month name (Nov 29 06:23).
/// Times of day alone (a chart's 06:20 tick under a caption giving the UTC range) are not date-times.
/// </summary>
public static partial class TimeFormatCheck
{
    public static IEnumerable<string> OtherFormats(string text)
    {
        foreach (Match m in DashedDateTime().Matches(text))
        {
            if (!Rfc3339Utc().IsMatch(m.Value))
            {
                yield return m.Value;
            }
        }

        foreach (Match m in SlashedDateTime().Matches(text))
        {
            yield return m.Value;
        }

        foreach (Match m in MonthNameDateTime().Matches(text))
        {
            yield return m.Value;
        }
    }

    [GeneratedRegex(@"(?<![\d-])\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}|UTC\b))?")]
    private static partial Regex DashedDateTime();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$")]
    private static partial Regex Rfc3339Utc();

    [GeneratedRegex(@"(?<![\d/])\d{1,4}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}")]
    private static partial Regex SlashedDateTime();

    [GeneratedRegex(@"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? +\d{1,2},? +(?:\d{4} +)?\d{1,2}:\d{2}")]
    private static partial Regex MonthNameDateTime();
}
