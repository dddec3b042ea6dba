using System.Globalization;

namespace EksIr.Core.Time;

/// <summary>A time an analyst types (--start, --end, --revoke-before): ISO 8601, UTC unless it says otherwise.</summary>
public static class TimeOption
{
    /// <summary>The time, or null when the text is not one.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>What to tell the analyst when <see cref="Parse"/> gave null.</summary>
    public static string NotATime(string option, string text) => $"{option} {text}: not a time (ISO 8601, like 2026-11-29T06:00:00Z)";
}
