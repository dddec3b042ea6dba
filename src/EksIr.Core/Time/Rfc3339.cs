using System.Globalization;
using System.Text.RegularExpressions;

namespace EksIr.Core.Time;

/// <summary>
/// RFC 3339 times with up to nine fraction digits (Go's RFC3339Nano), keeping nanoseconds; and the one way a time is
/// shown everywhere (tables, cards, notes, the report, JSON): RFC 3339 in UTC with a <c>Z</c>, with as many fraction
/// digits as the value holds — none for a second-precision CloudTrail time, three for a Logs Insights millisecond, six
/// or nine for a runtime's or a filesystem's nanoseconds — so no value claims a precision its source did not have:
/// 2026-11-29T06:19:31Z, 2026-11-29T06:23:29.902Z, 2026-11-20T09:14:52.311000123Z.
/// </summary>
public static partial class Rfc3339
{
    [GeneratedRegex(@"^(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex Pattern();

    public static PreciseTime? TryParse(string? text)
    {
        if (text is null || Pattern().Match(text) is not { Success: true } m)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(m.Groups[1].Value + (m.Groups[3].Value == "Z" ? "+00:00" : m.Groups[3].Value),
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var whole))
        {
            return null;
        }

        var nanos = m.Groups[2].Success ? int.Parse(m.Groups[2].Value.PadRight(9, '0'), CultureInfo.InvariantCulture) : 0;
        var time = new PreciseTime(whole.ToUnixTimeSeconds(), nanos);
        return time.UnixSeconds <= -62135596800 + 86400 ? null : time; // Go's zero time (0001-01-01) means "never"
    }

    public static string Format(long unixSeconds, int nanoseconds)
    {
        var whole = DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return nanoseconds == 0 ? whole + "Z"
            : nanoseconds % 1_000_000 == 0 ? $"{whole}.{(nanoseconds / 1_000_000).ToString("D3", CultureInfo.InvariantCulture)}Z"
            : nanoseconds % 1_000 == 0 ? $"{whole}.{(nanoseconds / 1_000).ToString("D6", CultureInfo.InvariantCulture)}Z"
            : $"{whole}.{nanoseconds.ToString("D9", CultureInfo.InvariantCulture)}Z";
    }

    public static string Format(DateTimeOffset time) => Format(PreciseTime.FromDateTimeOffset(time));

    /// <summary>A <see cref="DateTime"/> of a UTC source (DuckDB's TIMESTAMP, Logs Insights' @timestamp): its kind is taken as UTC.</summary>
    public static string Format(DateTime utc) => Format(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public static string Format(PreciseTime time) => Format(time.UnixSeconds, time.Nanoseconds);
}
