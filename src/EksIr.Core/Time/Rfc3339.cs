using System.Globalization;
using System.Text.RegularExpressions;

namespace EksIr.Core.Time;

/// <summary>RFC 3339 times with up to nine fraction digits (Go's RFC3339Nano), keeping nanoseconds.</summary>
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
}
