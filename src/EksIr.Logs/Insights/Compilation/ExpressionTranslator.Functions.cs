using System.Globalization;

namespace EksIr.Logs.Insights;

internal sealed partial class ExpressionTranslator
{
    private static readonly HashSet<string> AggregateFunctions =
        ["count", "count_distinct", "sum", "avg", "min", "max", "stddev", "pct", "percentile", "earliest", "latest", "sortsfirst", "sortslast"];

    private SqlValue Call(CallExpr c)
    {
        if (AggregateFunctions.Contains(c.Function))
        {
            return Aggregating && !_inAggregate ? Aggregate(c)
                : throw Error(c.NameSpan, _inAggregate ? $"'{c.Function}' cannot be inside another aggregate function"
                    : $"'{c.Function}' is an aggregate function: it belongs in a stats command");
        }

        return c.Function switch
        {
            "strlen" => Text(c, 1, 1, a => $"length({a[0]})", ValueKind.Number),
            "toupper" => Text(c, 1, 1, a => $"upper({a[0]})"),
            "tolower" => Text(c, 1, 1, a => $"lower({a[0]})"),
            "trim" or "ltrim" or "rtrim" => Text(c, 1, 2, a => $"{c.Function}({string.Join(", ", a)})"),
            "substr" => Substring(c),
            "replace" => Text(c, 3, 3, a => $"replace({a[0]}, {a[1]}, {a[2]})"),
            "concat" => new SqlValue($"concat({string.Join(", ", Arguments(c, 1, int.MaxValue).Select(v => v.AsText))})", ValueKind.Text),
            "strcontains" => Flag(Text(c, 2, 2, a => $"contains({a[0]}, {a[1]})", ValueKind.Bool).Sql),
            "isempty" => Flag($"({Arguments(c, 1, 1)[0].AsText} IS NULL OR {Arguments(c, 1, 1)[0].AsText} = '')"),
            "isblank" => Flag($"({Arguments(c, 1, 1)[0].AsText} IS NULL OR trim({Arguments(c, 1, 1)[0].AsText}) = '')"),
            "ispresent" => Flag($"({Arguments(c, 1, 1)[0].Sql} IS NOT NULL)"),
            "coalesce" => Coalesce(c),
            "abs" or "ceil" or "floor" or "sqrt" => Numeric(c, 1, 1, a => $"{c.Function}({a[0]})"),
            "log" => Numeric(c, 1, 1, a => $"ln({a[0]})"),
            "greatest" or "least" => Numeric(c, 1, int.MaxValue, a => $"{c.Function}({string.Join(", ", a)})"),
            "bin" => Bin(c),
            "datefloor" => new SqlValue($"time_bucket({Period(c, 1)}, {TimeArgument(c)})", ValueKind.Time),
            "dateceil" => new SqlValue($"(time_bucket({Period(c, 1)}, {TimeArgument(c)}) + {Period(c, 1)})", ValueKind.Time),
            "frommillis" => new SqlValue($"make_timestamp(CAST({Arguments(c, 1, 1)[0].AsNumber} AS BIGINT) * 1000)", ValueKind.Time),
            "tomillis" => new SqlValue($"epoch_ms({Arguments(c, 1, 1)[0].AsTime})", ValueKind.Number),
            "now" => Now(c),
            "isvalidip" or "isvalidipv4" or "isvalidipv6" => IpValid(c),
            "isipinsubnet" or "isipv4insubnet" or "isipv6insubnet" => IpInSubnet(c),
            "jsonparse" => new SqlValue($"(CASE WHEN json_valid({Arguments(c, 1, 1)[0].AsText}) THEN CAST({Arguments(c, 1, 1)[0].AsText} AS JSON) END)", ValueKind.Json),
            "jsonstringify" => new SqlValue($"CAST({Arguments(c, 1, 1)[0].Sql} AS VARCHAR)", ValueKind.Text),
            _ => throw Error(c.NameSpan, $"unknown function '{c.Function}'"),
        };
    }

    private List<SqlValue> Arguments(CallExpr c, int min, int max)
    {
        if (c.Star || c.Arguments.Count < min || c.Arguments.Count > max)
        {
            var wanted = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            throw Error(c.NameSpan, $"{c.Function} takes {wanted} argument{(max == 1 ? "" : "s")}, not {(c.Star ? "*" : c.Arguments.Count)}");
        }

        return c.Arguments.Select(Value).ToList();
    }

    private static SqlValue Flag(string condition) => new($"CAST(coalesce({condition}, false) AS INTEGER)", ValueKind.Flag);

    /// <summary>A string function: its arguments as text; a map or list from jsonParse is no string (the result is null).</summary>
    private SqlValue Text(CallExpr c, int min, int max, Func<List<string>, string> sql, ValueKind kind = ValueKind.Text)
    {
        var args = Arguments(c, min, max);
        return args.Any(a => a.Kind == ValueKind.Json)
            ? new SqlValue(kind == ValueKind.Number ? "CAST(NULL AS DOUBLE)" : kind == ValueKind.Bool ? "CAST(NULL AS BOOLEAN)" : "CAST(NULL AS VARCHAR)", kind)
            : new SqlValue(sql(args.Select(a => a.AsText).ToList()), kind);
    }

    private SqlValue Numeric(CallExpr c, int min, int max, Func<List<string>, string> sql) =>
        new(sql(Arguments(c, min, max).Select(a => a.AsNumber).ToList()), ValueKind.Number);

    /// <summary>substr(text, start[, length]) with start counted from 0.</summary>
    private SqlValue Substring(CallExpr c)
    {
        var args = Arguments(c, 2, 3);
        var start = $"CAST({args[1].AsNumber} AS BIGINT) + 1";
        return new SqlValue(args.Count == 3 ? $"substr({args[0].AsText}, {start}, CAST({args[2].AsNumber} AS BIGINT))" : $"substr({args[0].AsText}, {start})", ValueKind.Text);
    }

    private SqlValue Coalesce(CallExpr c)
    {
        var args = Arguments(c, 1, int.MaxValue);
        return args.Select(a => a.Kind).Distinct().Count() == 1
            ? new SqlValue($"coalesce({string.Join(", ", args.Select(a => a.Sql))})", args[0].Kind)
            : new SqlValue($"coalesce({string.Join(", ", args.Select(a => a.AsText))})", ValueKind.Text);
    }

    /// <summary>The time that datefloor and dateceil take first (their second argument is a period).</summary>
    private string TimeArgument(CallExpr c) =>
        c.Arguments.Count == 2 && !c.Star ? Value(c.Arguments[0]).AsTime : throw Error(c.NameSpan, $"{c.Function} takes a time and a period, like {c.Function}(@timestamp, 1h)");

    private SqlValue Bin(CallExpr c)
    {
        if (scope.Find("@timestamp") is not { } timestamp)
        {
            throw Error(c.NameSpan, "bin() groups by @timestamp, which the stats command before it did not keep (add it to that stats command's 'by')");
        }

        return new SqlValue($"time_bucket({Period(c, 0, forBin: true)}, {timestamp.Sql})", ValueKind.Time);
    }

    private SqlValue Now(CallExpr c)
    {
        Arguments(c, 0, 0);
        return new SqlValue(now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ValueKind.Number);
    }

    private SqlValue IpValid(CallExpr c)
    {
        var version = c.Function switch { "isvalidipv4" => 4, "isvalidipv6" => 6, _ => 0 };
        return Flag($"{InsightsFunctions.IpValid}({Arguments(c, 1, 1)[0].AsText}, {version})");
    }

    private SqlValue IpInSubnet(CallExpr c)
    {
        var version = c.Function switch { "isipv4insubnet" => 4, "isipv6insubnet" => 6, _ => 0 };
        var args = Arguments(c, 2, 2);
        return Flag($"{InsightsFunctions.IpInSubnet}({args[0].AsText}, {args[1].AsText}, {version})");
    }

    /// <summary>The period argument of bin, datefloor or dateceil as a SQL interval.</summary>
    private string Period(CallExpr c, int index, bool forBin = false)
    {
        if (c.Arguments.ElementAtOrDefault(index) is not DurationExpr d)
        {
            throw Error(c.Arguments.ElementAtOrDefault(index)?.Span ?? c.NameSpan, $"{c.Function} takes a period like 5m, 1h, 30s or 1d");
        }

        return Periods.Interval(d, forBin) ?? throw Error(d.Span, $"'{d.Text}' is not a period (ms, s, m, h, d, w, mo, q, y — or sec, min, hr, day, week, month, quarter, year, with an s for more than one)");
    }
}
