using EksIr.Core.Time;

namespace EksIr.Verbs;

/// <summary>
/// The window of a verb that takes one (<c>--start</c> and <c>--end</c>), checked before the verb runs, the same for every
/// front end: a start after the end holds no time, so the verb is refused naming both times rather than answering
/// "nothing" from every source. A value that is not a time is left to the verb, which says so.
/// </summary>
public static class TimeWindowCheck
{
    public const string Start = "--start";

    public const string End = "--end";

    public static void Check(VerbDeclaration verb, VerbArguments arguments)
    {
        if (!arguments.Declares(Start) || !arguments.Declares(End)
            || TimeOption.Parse(Given(arguments.Value(Start))) is not { } start || TimeOption.Parse(Given(arguments.Value(End))) is not { } end
            || start <= end)
        {
            return;
        }

        throw new VerbUsageException(
            $"{verb.Name}: {Start} {Utc(start)} is after {End} {Utc(end)}: the window holds no time; give the earlier time to {Start}");
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
