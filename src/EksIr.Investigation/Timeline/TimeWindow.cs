using EksIr.Core.Time;

namespace EksIr.Investigation.Timeline;

/// <summary>The part of time a timeline covers: from Start (inclusive) to End (inclusive); either open.</summary>
public sealed record TimeWindow(PreciseTime? Start, PreciseTime? End)
{
    public static readonly TimeWindow All = new(null, null);

    public static TimeWindow Of(DateTimeOffset? start, DateTimeOffset? end) =>
        new(start is { } s ? PreciseTime.FromDateTimeOffset(s) : null, end is { } e ? PreciseTime.FromDateTimeOffset(e) : null);

    public bool Contains(PreciseTime time) => (Start is not { } s || time >= s) && (End is not { } e || time <= e);

    public override string ToString() => (Start, End) switch
    {
        (null, null) => "all times",
        ({ } s, null) => $"from {s}",
        (null, { } e) => $"until {e}",
        ({ } s, { } e) => $"{s} to {e}",
    };
}
