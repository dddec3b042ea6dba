using System.Globalization;

namespace EksIr.Core.Reporting;

/// <summary>Round tick marks for a stretch of a time axis, labelled at the precision their spacing needs (UTC).</summary>
public static class TimeTicks
{
    private static readonly double[] Steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900,
        1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000, 31536000];

    /// <summary>At most <paramref name="most"/> ticks between start and end (seconds since the epoch): where, and their labels.</summary>
    public static IReadOnlyList<(double At, string Label)> Between(double start, double end, int most)
    {
        var span = end - start;
        if (span <= 0 || most < 2)
        {
            return [(start, Label(start, span <= 0 ? 1 : span, span))];
        }

        var step = Steps.FirstOrDefault(s => span / s <= most, Steps[^1]);
        var ticks = new List<(double, string)>();
        for (var at = Math.Ceiling(start / step) * step; at <= end + 1e-9; at += step)
        {
            ticks.Add((at, Label(at, step, span)));
        }

        return ticks.Count > 0 ? ticks : [(start, Label(start, step, span))];
    }

    private static string Label(double at, double step, double span)
    {
        var format = step < 1 ? "HH:mm:ss.fff" : step < 60 ? "HH:mm:ss" : step < 86400 ? (span > 86400 ? "MM-dd HH:mm" : "HH:mm") : step < 31536000 ? "yyyy-MM-dd" : "yyyy";
        return DateTime.UnixEpoch.AddTicks((long)Math.Round(at * TimeSpan.TicksPerSecond)).ToString(format, CultureInfo.InvariantCulture);
    }
}
