using System.Globalization;

namespace EksIr.Logs.Insights;

internal sealed partial class ExpressionTranslator
{
    private bool _inAggregate;

    /// <summary>
    /// An aggregate of stats. min, max, sortsFirst and sortsLast order values as the sort command does (natural order:
    /// "9" before "10"); earliest and latest take the value at the first and last @timestamp.
    /// </summary>
    private SqlValue Aggregate(CallExpr c)
    {
        _inAggregate = true;
        try
        {
            if (c.Function == "count")
            {
                return c.Star || c.Arguments.Count == 0 ? new SqlValue("count(*)", ValueKind.Number) : new SqlValue($"count({Arguments(c, 1, 1)[0].Sql})", ValueKind.Number);
            }

            if (c.Function is "pct" or "percentile")
            {
                var args = Arguments(c, 2, 2);
                var percent = c.Arguments[1] is NumberExpr { Value: >= 0 and <= 100 } p ? p.Value / 100 : throw Error(c.Arguments[1].Span, "pct takes a percentile from 0 to 100");
                return new SqlValue($"quantile_cont({args[0].AsNumber}, {percent.ToString("R", CultureInfo.InvariantCulture)})", ValueKind.Number);
            }

            var value = Arguments(c, 1, 1)[0];
            return c.Function switch
            {
                "count_distinct" => new SqlValue($"count(DISTINCT {value.AsText})", ValueKind.Number),
                "sum" => new SqlValue($"sum({value.AsNumber})", ValueKind.Number),
                "avg" => new SqlValue($"avg({value.AsNumber})", ValueKind.Number),
                "stddev" => new SqlValue($"stddev_samp({value.AsNumber})", ValueKind.Number),
                "min" or "sortsfirst" => Ordered(value, first: true),
                "max" or "sortslast" => Ordered(value, first: false),
                "earliest" or "latest" => AtTime(c, value),
                _ => throw Error(c.NameSpan, $"'{c.Function}' is not an aggregate function"),
            };
        }
        finally
        {
            _inAggregate = false;
        }
    }

    private static SqlValue Ordered(SqlValue value, bool first)
    {
        var function = first ? "min" : "max";
        return value.Kind is ValueKind.Number or ValueKind.Time or ValueKind.Flag
            ? new SqlValue($"{function}({value.Sql})", value.Kind)
            : new SqlValue($"arg_{function}({value.AsText}, {InsightsFunctions.NaturalKey}({value.AsText}))", ValueKind.Raw);
    }

    private SqlValue AtTime(CallExpr c, SqlValue value)
    {
        var timestamp = scope.Find("@timestamp") ?? throw Error(c.NameSpan, $"{c.Function}() needs @timestamp, which the stats command before it did not keep");
        var function = c.Function == "earliest" ? "arg_min" : "arg_max";
        return new SqlValue($"{function}({value.Sql}, {timestamp.Sql})", value.Kind);
    }
}
