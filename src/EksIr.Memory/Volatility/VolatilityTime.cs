using System.Globalization;
using EksIr.Core.Time;

namespace EksIr.Memory.Volatility;

/// <summary>A process's creation time as Volatility prints it, read as a UTC instant; shown everywhere in the one time format.</summary>
public static partial class VolatilityTime
{
    /// <summary>
    /// Volatility's creation time: Volatility 3's "2026-11-29 06:23:58.702000 UTC" (text and CSV; " UTC" absent from a
    /// naive time) or RFC 3339 (JSON renderers); Volatility 2's "2014-03-29 14:10:23 UTC+0000" (%Z%z: a zone's name and
    /// its offset, another zone with --tz).
    /// </summary>
    public static PreciseTime? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        if (Vol2Zone().Match(t) is { Success: true } zone)
        {
            var hours = int.Parse(zone.Groups["hh"].Value, CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone.Groups["mm"].Value, CultureInfo.InvariantCulture);
            t = hours > 14 || minutes > 59 ? "" : $"{t[..zone.Index]}{zone.Groups["sign"].Value}{zone.Groups["hh"].Value}:{zone.Groups["mm"].Value}";
            return t.Length == 0 ? null : Rfc3339.TryParse(t[..10] + "T" + t[11..]);
        }

        if (t.EndsWith(" UTC", StringComparison.Ordinal))
        {
            t = t[..^4];
        }
        else if (t.EndsWith("+00:00", StringComparison.Ordinal) && t.Length > 19 && t[10] == ' ')
        {
            t = t[..^6];
        }

        return Rfc3339.TryParse(t.Length > 10 && t[10] == ' ' ? t[..10] + "T" + t[11..] + "Z" : t);
    }

    /// <summary>Volatility 2's " UTC+0000" / " EDT-0400": a zone name, then a signed hhmm offset, at the end.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@" [A-Za-z][A-Za-z0-9_/+-]*?(?<sign>[+-])(?<hh>\d{2})(?<mm>\d{2})$")]
    private static partial System.Text.RegularExpressions.Regex Vol2Zone();

    /// <summary>The time as every table shows one (RFC 3339, UTC); Volatility's own text when it is not a time, so nothing is lost.</summary>
    public static string? Shown(string? text) => Parse(text)?.ToString() ?? text;
}
