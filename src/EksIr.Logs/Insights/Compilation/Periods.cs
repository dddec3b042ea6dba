namespace EksIr.Logs.Insights;

/// <summary>
/// The time units bin(), datefloor() and dateceil() take, as AWS lists them: ms, s/sec, m/min, h/hr, d/day, w/week,
/// mo/month, q/qtr, y/yr, and the long names; "for all units and abbreviations that include more than one character,
/// adding s to pluralize is supported". bin() caps seconds at 60 ("if you specify bin(300s), CloudWatch Logs actually
/// implements this as 60 seconds"); the documentation names no other cap, so no other is applied.
/// </summary>
internal static class Periods
{
    private static readonly Dictionary<string, (string Unit, int Factor)> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ms"] = ("milliseconds", 1), ["msec"] = ("milliseconds", 1), ["millisecond"] = ("milliseconds", 1),
        ["s"] = ("seconds", 1), ["sec"] = ("seconds", 1), ["second"] = ("seconds", 1),
        ["m"] = ("minutes", 1), ["min"] = ("minutes", 1), ["minute"] = ("minutes", 1),
        ["h"] = ("hours", 1), ["hr"] = ("hours", 1), ["hour"] = ("hours", 1),
        ["d"] = ("days", 1), ["day"] = ("days", 1),
        ["w"] = ("days", 7), ["wk"] = ("days", 7), ["week"] = ("days", 7),
        ["mo"] = ("months", 1), ["mon"] = ("months", 1), ["month"] = ("months", 1),
        ["q"] = ("months", 3), ["qtr"] = ("months", 3), ["quarter"] = ("months", 3),
        ["y"] = ("years", 1), ["yr"] = ("years", 1), ["year"] = ("years", 1),
    };

    public static string? Interval(DurationExpr d, bool forBin)
    {
        var unit = d.Unit;
        if (!Units.TryGetValue(unit, out var u) && !(unit.Length > 2 && unit.EndsWith('s') && Units.TryGetValue(unit[..^1], out u)))
        {
            return null;
        }

        var amount = (long)d.Amount * u.Factor;
        if (forBin && u.Unit == "seconds" && amount > 60)
        {
            amount = 60;
        }

        return amount <= 0 ? null : $"INTERVAL '{amount} {u.Unit}'";
    }
}
