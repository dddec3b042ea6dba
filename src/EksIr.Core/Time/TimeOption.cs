using System.Globalization;

namespace EksIr.Core.Time;

/// <summary>A time an analyst types (--start, --end, --revoke-before): ISO 8601, UTC unless it says otherwise.</summary>
public static class TimeOption
{
    /// <summary>The time, or null when the text is not one.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>What to tell the analyst when <see cref="Parse"/> gave null.</summary>
    public static string NotATime(string option, string text) => $"{option} {text}: not a time; {Forms}";

    /// <summary>The forms a time option takes, said when one is refused.</summary>
    public const string Forms =
        "give an ISO 8601 time: 2026-11-29T06:00:00Z, 2026-11-29T06:00:00.5+02:00, 2026-11-29 06:00 or a day 2026-11-29 (UTC unless it gives an offset)";
}
