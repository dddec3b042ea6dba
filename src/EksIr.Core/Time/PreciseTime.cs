using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EksIr.Core.Time;

/// <summary>
/// A UTC instant with nanosecond precision (container runtimes and filesystems keep nanoseconds; DateTimeOffset
/// keeps 100 ns). Shown and serialised as RFC 3339 in UTC with the fraction digits the value holds (<see cref="Rfc3339"/>):
/// 2026-11-20T09:14:52.311000123Z, 2026-11-29T06:19:31Z.
/// </summary>
[JsonConverter(typeof(PreciseTimeJsonConverter))]
public readonly record struct PreciseTime(long UnixSeconds, int Nanoseconds) : IComparable<PreciseTime>
{
    public const long MinUnixSeconds = -62135596800; // 0001-01-01
    public const long MaxUnixSeconds = 253402300799; // 9999-12-31T23:59:59

    public static PreciseTime? TryCreate(long unixSeconds, long nanoseconds)
    {
        if (nanoseconds is < 0 or > 999_999_999 || unixSeconds is < MinUnixSeconds or > MaxUnixSeconds)
        {
            return null;
        }

        return new PreciseTime(unixSeconds, (int)nanoseconds);
    }

    public static PreciseTime FromDateTimeOffset(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return new PreciseTime(seconds, (int)(rest * 100));
    }

    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.FromUnixTimeSeconds(UnixSeconds).AddTicks(Nanoseconds / 100);

    public int CompareTo(PreciseTime other) =>
        UnixSeconds != other.UnixSeconds ? UnixSeconds.CompareTo(other.UnixSeconds) : Nanoseconds.CompareTo(other.Nanoseconds);

    public override string ToString() => Rfc3339.Format(UnixSeconds, Nanoseconds);

    public static bool operator <(PreciseTime a, PreciseTime b) => a.CompareTo(b) < 0;

    public static bool operator >(PreciseTime a, PreciseTime b) => a.CompareTo(b) > 0;

    public static bool operator <=(PreciseTime a, PreciseTime b) => a.CompareTo(b) <= 0;

    public static bool operator >=(PreciseTime a, PreciseTime b) => a.CompareTo(b) >= 0;
}

public sealed class PreciseTimeJsonConverter : JsonConverter<PreciseTime>
{
    public override PreciseTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("time expected");
        var dot = text.IndexOf('.');
        var whole = DateTimeOffset.Parse(dot > 0 ? text[..dot] + "Z" : text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var nanos = 0;
        if (dot > 0)
        {
            var digits = new string(text[(dot + 1)..].TakeWhile(char.IsAsciiDigit).ToArray()).PadRight(9, '0')[..9];
            nanos = int.Parse(digits, CultureInfo.InvariantCulture);
        }

        return new PreciseTime(whole.ToUnixTimeSeconds(), nanos);
    }

    public override void Write(Utf8JsonWriter writer, PreciseTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
