using EksIr.Core.Time;

namespace EksIr.Verbs;

/// <summary>
/// The window of a verb that takes one (<c>--start</c> and <c>--end</c>), checked before the verb runs, the same for every
/// front end: a start after the end holds no time, so the verb is refused naming both times rather than answering
/// "nothing" from every source; a value that is not a time is refused the same way (a usage error, exit 2 in the CLI),
/// naming the forms a time may take.
/// </summary>
public static class TimeWindowCheck
{
    public const string Start = "--start";

    public const string End = "--end";

    public static void Check(VerbDeclaration verb, VerbArguments arguments)
    {
        var (start, end) = (Time(verb, arguments, Start), Time(verb, arguments, End)); // both read: either may not be a time
        if (start is null || end is null || start.Value <= end.Value)
        {
            return;
        }

        throw new VerbUsageException(
            $"{verb.Name}: {Start} {Utc(start.Value)} is after {End} {Utc(end.Value)}: the window holds no time; give the earlier time to {Start}");
    }

    private static DateTimeOffset? Time(VerbDeclaration verb, VerbArguments arguments, string option)
    {
        if (!arguments.Declares(option) || Given(arguments.Value(option)) is not { } text)
        {
            return null;
        }

        return TimeOption.Parse(text) ?? throw new VerbUsageException($"{verb.Name}: {TimeOption.NotATime(option, text)}");
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Utc(DateTimeOffset time) => Rfc3339.Format(time);
}
