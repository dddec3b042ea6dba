using System.Globalization;

namespace EksIr.Core.Reporting;

/// <summary>
/// A time axis broken where nothing happened: runs of events separated by a quiet gap longer than a fifth of the
/// whole span are drawn as separate parts side by side, with the gap's length written on the break, so one early log
/// line nine days before the incident does not squeeze every other event into the last pixel column, and a nine-hour
/// night is not drawn as nine hours of axis. A part holding a single moment still gets a readable width. Times are
/// seconds since the Unix epoch, UTC.
/// </summary>
public sealed class BrokenTimeAxis
{
    /// <summary>The gap drawn between two parts, in pixels.</summary>
    public const double BreakWidth = 22;

    private const double BreakShare = 0.2;
    private const double MinimumBreakSeconds = 600;
    private const int MaximumParts = 4;
    private const double SmallestPartShare = 0.1;

    private BrokenTimeAxis(IReadOnlyList<AxisPart> parts) => Parts = parts;

    /// <summary>The parts, oldest first, each with its time range, its place on the plot and how many times fell in it.</summary>
    public IReadOnlyList<AxisPart> Parts { get; }

    public bool IsBroken => Parts.Count > 1;

    /// <summary>The axis over these times (any order), drawn between <paramref name="left"/> and left + width.</summary>
    public static BrokenTimeAxis Over(IReadOnlyList<double> times, double left, double width)
    {
        if (times.Count == 0)
        {
            return new BrokenTimeAxis([new AxisPart(0, 0, left, left + width, 0)]);
        }

        var sorted = times.Order().ToList();
        var span = sorted[^1] - sorted[0];
        var breaks = Enumerable.Range(1, sorted.Count - 1)
            .Select(i => (At: i, Gap: sorted[i] - sorted[i - 1]))
            .Where(g => g.Gap > span * BreakShare && g.Gap >= MinimumBreakSeconds)
            .OrderByDescending(g => g.Gap)
            .Take(MaximumParts - 1)
            .Select(g => g.At)
            .Order()
            .ToList();

        var runs = new List<(double Start, double End, int Count)>();
        var from = 0;
        foreach (var at in breaks.Append(sorted.Count))
        {
            runs.Add((sorted[from], sorted[at - 1], at - from));
            from = at;
        }

        var usable = width - BreakWidth * (runs.Count - 1);
        var core = runs.Sum(r => r.End - r.Start);
        var weights = runs.Select(r => core <= 0 ? 1 : Math.Max(r.End - r.Start, core * SmallestPartShare)).ToList();
        var parts = new List<AxisPart>();
        var x = left;
        for (var i = 0; i < runs.Count; i++)
        {
            var w = usable * weights[i] / weights.Sum();
            parts.Add(new AxisPart(runs[i].Start, runs[i].End, x, x + w, runs[i].Count));
            x += w + BreakWidth;
        }

        return new BrokenTimeAxis(parts);
    }

    /// <summary>One unbroken axis from start to end: the window the analyst asked for, drawn whole.</summary>
    public static BrokenTimeAxis Unbroken(double start, double end, double left, double width, int count) =>
        new([new AxisPart(start, end, left, left + width, count)]);

    /// <summary>The part a time falls in (the nearest one for a time between parts).</summary>
    public AxisPart PartOf(double t) =>
        Parts.FirstOrDefault(p => t >= p.Start && t <= p.End) ?? Parts.MinBy(p => Math.Min(Math.Abs(t - p.Start), Math.Abs(t - p.End)))!;

    /// <summary>Where a time is drawn.</summary>
    public double X(double t) => PartOf(t).X(t);

    /// <summary>A quiet gap's length as the break says it: "9.2 d", "9 h 4 min", "12 min".</summary>
    public static string Gap(double seconds) =>
        seconds >= 2 * 86400 ? (seconds / 86400).ToString("0.#", CultureInfo.InvariantCulture) + " d"
        : seconds >= 3600 ? $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60)} min"
        : $"{Math.Round(seconds / 60)} min";
}

/// <summary>One part of a broken axis: its time range, where it is drawn, and how many times fell in it.</summary>
public sealed record AxisPart(double Start, double End, double X0, double X1, int Count)
{
    public double Span => End - Start;

    public double Width => X1 - X0;

    /// <summary>Where a time in this part is drawn; a part holding one moment draws it in its middle.</summary>
    public double X(double t) => Span <= 0 ? (X0 + X1) / 2 : X0 + Math.Clamp((t - Start) / Span, 0, 1) * Width;
}
