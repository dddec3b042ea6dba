using System.Globalization;
using System.Text;

namespace EksIr.Logs.Insights;

/// <summary>
/// Compiles a parsed Logs Insights query to one DuckDB SQL statement over the <c>logs</c> table (@timestamp,
/// @message, @logStream, @log, @ingestionTime). A field no command defined is looked up in @message as JSON, the
/// way Logs Insights discovers fields (<c>objectRef.name</c>, <c>user.extra.arn.0</c>). Every value from the query
/// text becomes a SQL literal with its quotes escaped: query text cannot reach the SQL as code.
/// </summary>
public sealed class InsightsToSql
{
    public const string Table = "logs";

    /// <summary>Logs Insights returns at most 10,000 rows; without a limit command the local engine does the same.</summary>
    public const int MaxRows = 10_000;

    /// <summary>The loader's column saying whether @message is JSON.</summary>
    public const string JsonFlag = "__json";

    private static readonly string[] BaseFields = ["@timestamp", "@message", "@logStream", "@log", "@ingestionTime"];
    private readonly string _query;
    private Dictionary<string, string> _scope = BaseFields.ToDictionary(f => f, f => f, StringComparer.OrdinalIgnoreCase);
    private bool _raw = true; // before stats, fields not yet defined are read from @message
    private int _depth;

    private InsightsToSql(string query) => _query = query;

    /// <summary>The SQL and the result's column names in order.</summary>
    public static (string Sql, IReadOnlyList<string> Columns, bool Limited) Compile(string query, DateTimeOffset? start = null, DateTimeOffset? end = null)
    {
        var commands = InsightsParser.Parse(query);
        return new InsightsToSql(query).Build(commands, start, end);
    }

    private (string, IReadOnlyList<string>, bool) Build(IReadOnlyList<Command> commands, DateTimeOffset? start, DateTimeOffset? end)
    {
        var range = new List<string>();
        if (start is { } s)
        {
            range.Add($"\"@timestamp\" >= {Time(s)}");
        }

        if (end is { } until)
        {
            range.Add($"\"@timestamp\" <= {Time(until)}");
        }

        var relation = $"(SELECT * FROM {Table}{(range.Count > 0 ? " WHERE " + string.Join(" AND ", range) : "")}) AS q0";
        var fields = new List<string>();
        List<string>? display = null;
        List<string>? statsColumns = null;
        string? order = null;
        var limited = false;
        foreach (var command in commands)
        {
            try
            {
                switch (command)
                {
                    case FieldsCommand f:
                        relation = Extend(relation, f.Items.Select(i => (i.Name, i.Expr)));
                        fields.AddRange(f.Items.Select(i => i.Name).Where(n => !fields.Contains(n, StringComparer.OrdinalIgnoreCase)));
                        break;
                    case DisplayCommand d:
                        relation = Extend(relation, d.Fields.Select(n => (n, (Expr)new FieldExpr(n))));
                        display = [.. d.Fields];
                        break;
                    case FilterCommand f:
                        relation = Wrap($"SELECT * FROM {relation} WHERE {Bool(f.Condition)}");
                        break;
                    case ParseCommand p:
                        relation = Parse(relation, p);
                        break;
                    case StatsCommand st:
                        (relation, statsColumns) = Stats(relation, st);
                        fields.Clear();
                        display = null;
                        order = null;
                        break;
                    case SortCommand so:
                        order = string.Join(", ", so.Keys.Select(k => $"{Value(k.Key).Sql} {(k.Descending ? "DESC" : "ASC")} NULLS LAST"));
                        relation = Wrap($"SELECT * FROM {relation} ORDER BY {order}");
                        break;
                    case LimitCommand l:
                        relation = Wrap($"SELECT * FROM {relation}{(order is null ? "" : " ORDER BY " + order)} LIMIT {l.Count}");
                        limited = true;
                        break;
                    case DedupCommand dd:
                        var keys = string.Join(", ", dd.Fields.Select(n => Value(new FieldExpr(n)).Sql));
                        relation = Wrap($"SELECT * EXCLUDE (\"__order\", \"__first\") FROM (SELECT *, row_number() OVER (PARTITION BY {keys} ORDER BY \"__order\") AS \"__first\" " +
                                        $"FROM (SELECT *, row_number() OVER () AS \"__order\" FROM {relation})) WHERE \"__first\" = 1 ORDER BY \"__order\"");
                        break;
                }
            }
            catch (InsightsCompileException e)
            {
                throw InsightsLexer.Error(_query, command.Offset, e.Message);
            }
        }

        var columns = display ?? (statsColumns is not null ? statsColumns : fields.Count > 0 ? fields : ["@timestamp", "@message"]);
        var select = string.Join(", ", columns.Select(c => $"{Value(new FieldExpr(c)).Sql} AS {Quote(c)}"));
        var sql = $"SELECT {select} FROM {relation}{(order is null ? "" : " ORDER BY " + order)}{(limited ? "" : $" LIMIT {MaxRows + 1}")}";
        return (sql, columns, !limited);
    }

    private string Wrap(string select) => $"({select}) AS q{++_depth}";

    /// <summary>Adds computed or JSON fields as real columns (so later commands and the output see them by name).</summary>
    private string Extend(string relation, IEnumerable<(string Name, Expr Expr)> items)
    {
        var added = new List<string>();
        foreach (var (name, expr) in items)
        {
            if (expr is FieldExpr f && f.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && _scope.ContainsKey(name))
            {
                continue;
            }

            var column = $"f{_scope.Count}";
            added.Add($"{Value(expr).Sql} AS {Quote(column)}");
            _scope[name] = column;
        }

        return added.Count == 0 ? relation : Wrap($"SELECT *, {string.Join(", ", added)} FROM {relation}");
    }

    private string Parse(string relation, ParseCommand p)
    {
        var source = Value(p.Source).Sql;
        string pattern;
        List<string> names;
        if (p.IsRegex)
        {
            names = System.Text.RegularExpressions.Regex.Matches(p.Pattern, @"\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>").Select(m => m.Groups[1].Value).ToList();
            if (names.Count == 0)
            {
                throw new InsightsCompileException("parse with a /regex/ needs named groups: (?<name>…)");
            }

            pattern = System.Text.RegularExpressions.Regex.Replace(p.Pattern, @"\(\?<([A-Za-z_])", "(?P<$1");
        }
        else
        {
            names = [.. p.Names];
            pattern = string.Join("(.*?)", p.Pattern.Split('*').Select(Re2Escape));
            pattern = pattern.EndsWith("(.*?)", StringComparison.Ordinal) ? pattern[..^5] + "(.*)" : pattern;
        }

        var added = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var column = $"f{_scope.Count}";
            added.Add($"nullif(regexp_extract({source}, {Literal(pattern)}, {i + 1}), '') AS {Quote(column)}");
            _scope[names[i]] = column;
        }

        return Wrap($"SELECT *, {string.Join(", ", added)} FROM {relation}");
    }

    private (string, List<string>) Stats(string relation, StatsCommand st)
    {
        var by = st.By.Select(b => (b.Name, Sql: Value(b.Expr).Sql)).ToList();
        var aggregates = st.Aggregates.Select(a => (a.Name, Sql: Aggregate(a.Expr))).ToList();
        var columns = by.Select(b => b.Name).Concat(aggregates.Select(a => a.Name)).ToList();
        var scope = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var select = new List<string>();
        foreach (var (name, sql) in by.Concat(aggregates))
        {
            var column = $"s{scope.Count}";
            scope[name] = column;
            select.Add($"{sql} AS {Quote(column)}");
        }

        var group = by.Count == 0 ? "" : " GROUP BY " + string.Join(", ", Enumerable.Range(1, by.Count));
        var ordered = by.Count == 0 ? "" : " ORDER BY " + string.Join(", ", Enumerable.Range(1, by.Count));
        var result = Wrap($"SELECT {string.Join(", ", select)} FROM {relation}{group}{ordered}");
        _scope = scope;
        _raw = false;
        return (result, columns);
    }

    private string Aggregate(Expr e)
    {
        if (e is not CallExpr call)
        {
            throw new InsightsCompileException($"stats takes aggregate functions (count, sum, avg, …), not '{e.Display}'");
        }

        string Arg(int i) => call.Arguments.Count > i ? Value(call.Arguments[i]).Sql : throw new InsightsCompileException($"{call.Function} needs {i + 1} argument(s)");
        string Num(int i) => $"TRY_CAST({Arg(i)} AS DOUBLE)";
        return call.Function switch
        {
            "count" => call.Star || call.Arguments.Count == 0 ? "count(*)" : $"count({Arg(0)})",
            "count_distinct" => $"count(DISTINCT {Arg(0)})",
            "sum" => $"sum({Num(0)})",
            "avg" => $"avg({Num(0)})",
            "min" => $"min({Arg(0)})",
            "max" => $"max({Arg(0)})",
            "stddev" => $"stddev_samp({Num(0)})",
            "pct" or "percentile" => $"quantile_cont({Num(0)}, {Number(call.Arguments.ElementAtOrDefault(1)) / 100.0:0.####})",
            "earliest" => $"arg_min({Arg(0)}, \"@timestamp\")",
            "latest" => $"arg_max({Arg(0)}, \"@timestamp\")",
            "sortsfirst" => $"min({Arg(0)})",
            "sortslast" => $"max({Arg(0)})",
            _ => throw new InsightsCompileException($"'{call.Function}' is not an aggregate function of stats"),
        };
    }

    private static double Number(Expr? e) => e is NumberExpr n ? n.Value : throw new InsightsCompileException("expected a number");

    private string Bool(Expr e)
    {
        var v = Value(e);
        return v.Kind == Kind.Bool ? v.Sql : $"({v.Sql} IS NOT NULL AND CAST({v.Sql} AS VARCHAR) NOT IN ('', '0', 'false'))";
    }

    private enum Kind
    {
        Text,
        Number,
        Bool,
        Time,
        Any,
    }

    private (string Sql, Kind Kind) Value(Expr e)
    {
        switch (e)
        {
            case StringExpr s:
                return (Literal(s.Value), Kind.Text);
            case NumberExpr n:
                return (n.Value.ToString("R", CultureInfo.InvariantCulture), Kind.Number);
            case DurationExpr d:
                return (Interval(d), Kind.Any);
            case RegexExpr r:
                return (Literal(r.IgnoreCase ? "(?i)" + r.Pattern : r.Pattern), Kind.Text);
            case FieldExpr f:
                return Field(f.Name);
            case ListExpr:
                throw new InsightsCompileException("a [list] can only follow 'in'");
            case UnaryExpr { Operator: "not" } u:
                return ($"(NOT {Bool(u.Operand)})", Kind.Bool);
            case UnaryExpr u:
                return ($"(-{Numeric(Value(u.Operand))})", Kind.Number);
            case BinaryExpr b:
                return Binary(b);
            case CallExpr c:
                return Call(c);
            default:
                throw new InsightsCompileException($"cannot use '{e.Display}' here");
        }
    }

    private (string, Kind) Field(string name)
    {
        if (_scope.TryGetValue(name, out var column))
        {
            return (Quote(column), name.Equals("@timestamp", StringComparison.OrdinalIgnoreCase) || name.Equals("@ingestionTime", StringComparison.OrdinalIgnoreCase) ? Kind.Time : Kind.Any);
        }

        if (!_raw)
        {
            throw new InsightsCompileException($"'{name}' is not a result of the stats command before it");
        }

        if (name.StartsWith('@'))
        {
            throw new InsightsCompileException($"'{name}' is not a field of these logs (@timestamp, @message, @logStream, @log, @ingestionTime)");
        }

        return ($"(CASE WHEN \"{JsonFlag}\" THEN json_extract_string(\"@message\", {Literal(JsonPath(name))}) END)", Kind.Text);
    }

    /// <summary>A discovered field name as a JSON path: dots separate keys, a number is an array index.</summary>
    public static string JsonPath(string name)
    {
        var path = new StringBuilder("$");
        foreach (var part in name.Split('.'))
        {
            if (part.Length > 0 && part.All(char.IsDigit))
            {
                path.Append('[').Append(part).Append(']');
            }
            else
            {
                path.Append(".\"").Append(part.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            }
        }

        return path.ToString();
    }

    private (string, Kind) Binary(BinaryExpr b)
    {
        switch (b.Operator)
        {
            case "and" or "or":
                return ($"({Bool(b.Left)} {b.Operator.ToUpperInvariant()} {Bool(b.Right)})", Kind.Bool);
            case "like" or "not like" or "=~":
            {
                var left = $"CAST({Value(b.Left).Sql} AS VARCHAR)";
                var test = b.Right switch
                {
                    RegexExpr r => $"regexp_matches({left}, {Literal(r.IgnoreCase ? "(?i)" + r.Pattern : r.Pattern)})",
                    StringExpr s when b.Operator == "=~" => $"regexp_matches({left}, {Literal(s.Value)})",
                    StringExpr s => $"contains({left}, {Literal(s.Value)})",
                    _ => throw new InsightsCompileException($"'{b.Operator}' takes a \"string\" or a /regex/"),
                };
                return (b.Operator == "not like" ? $"(NOT coalesce({test}, false))" : $"coalesce({test}, false)", Kind.Bool);
            }

            case "in" or "not in":
            {
                var items = ((ListExpr)b.Right).Items.Select(Value).ToList();
                var left = Value(b.Left);
                var numeric = items.Count > 0 && items.All(i => i.Kind == Kind.Number);
                var l = numeric ? Numeric(left) : $"CAST({left.Sql} AS VARCHAR)";
                var list = string.Join(", ", items.Select(i => i.Sql));
                return (items.Count == 0 ? (b.Operator == "in" ? "false" : "true") : $"coalesce({l} {(b.Operator == "in" ? "IN" : "NOT IN")} ({list}), false)", Kind.Bool);
            }

            case "=" or "!=" or "<" or ">" or "<=" or ">=":
            {
                var (left, right) = (Value(b.Left), Value(b.Right));
                var op = b.Operator == "!=" ? "<>" : b.Operator;
                string l, r;
                if (left.Kind == Kind.Time || right.Kind == Kind.Time)
                {
                    (l, r) = (Timed(left), Timed(right));
                }
                else if (left.Kind == Kind.Number || right.Kind == Kind.Number)
                {
                    (l, r) = (Numeric(left), Numeric(right));
                }
                else
                {
                    (l, r) = ($"CAST({left.Sql} AS VARCHAR)", $"CAST({right.Sql} AS VARCHAR)");
                }

                return ($"coalesce({l} {op} {r}, false)", Kind.Bool);
            }

            default:
            {
                var op = b.Operator == "^" ? "**" : b.Operator;
                return ($"({Numeric(Value(b.Left))} {op} {Numeric(Value(b.Right))})", Kind.Number);
            }
        }
    }

    private (string, Kind) Call(CallExpr c)
    {
        string A(int i) => c.Arguments.Count > i ? Value(c.Arguments[i]).Sql : throw new InsightsCompileException($"{c.Function} needs {i + 1} argument(s)");
        string S(int i) => $"CAST({A(i)} AS VARCHAR)";
        string N(int i) => Numeric(Value(c.Arguments.Count > i ? c.Arguments[i] : throw new InsightsCompileException($"{c.Function} needs {i + 1} argument(s)")));
        string All(Func<int, string> f) => string.Join(", ", Enumerable.Range(0, c.Arguments.Count).Select(f));
        return c.Function switch
        {
            "strcontains" => ($"coalesce(contains({S(0)}, {S(1)}), false)", Kind.Bool),
            "strlen" => ($"length({S(0)})", Kind.Number),
            "toupper" => ($"upper({S(0)})", Kind.Text),
            "tolower" => ($"lower({S(0)})", Kind.Text),
            "trim" => ($"trim({S(0)})", Kind.Text),
            "ltrim" => ($"ltrim({S(0)})", Kind.Text),
            "rtrim" => ($"rtrim({S(0)})", Kind.Text),
            "substr" => (c.Arguments.Count > 2 ? $"substr({S(0)}, CAST({N(1)} AS BIGINT) + 1, CAST({N(2)} AS BIGINT))" : $"substr({S(0)}, CAST({N(1)} AS BIGINT) + 1)", Kind.Text),
            "replace" => ($"replace({S(0)}, {S(1)}, {S(2)})", Kind.Text),
            "concat" => ($"concat({All(S)})", Kind.Text),
            "isempty" => ($"({A(0)} IS NULL OR CAST({A(0)} AS VARCHAR) = '')", Kind.Bool),
            "isblank" => ($"({A(0)} IS NULL OR trim(CAST({A(0)} AS VARCHAR)) = '')", Kind.Bool),
            "ispresent" => ($"({A(0)} IS NOT NULL)", Kind.Bool),
            "coalesce" => ($"coalesce({All(S)})", Kind.Any),
            "abs" => ($"abs({N(0)})", Kind.Number),
            "ceil" => ($"ceil({N(0)})", Kind.Number),
            "floor" => ($"floor({N(0)})", Kind.Number),
            "greatest" => ($"greatest({All(N)})", Kind.Number),
            "least" => ($"least({All(N)})", Kind.Number),
            "log" => ($"ln({N(0)})", Kind.Number),
            "sqrt" => ($"sqrt({N(0)})", Kind.Number),
            "bin" => ($"time_bucket({Interval(c.Arguments.FirstOrDefault())}, \"@timestamp\")", Kind.Time),
            "datefloor" => ($"time_bucket({Interval(c.Arguments.ElementAtOrDefault(1))}, {Timed(Value(c.Arguments[0]))})", Kind.Time),
            "dateceil" => ($"(time_bucket({Interval(c.Arguments.ElementAtOrDefault(1))}, {Timed(Value(c.Arguments[0]))}) + {Interval(c.Arguments.ElementAtOrDefault(1))})", Kind.Time),
            "frommillis" => ($"make_timestamp(CAST({N(0)} AS BIGINT) * 1000)", Kind.Time),
            "tomillis" => ($"epoch_ms({Timed(Value(c.Arguments[0]))})", Kind.Number),
            "isvalidip" => ($"coalesce(regexp_matches({S(0)}, '^(\\d{{1,3}}\\.){{3}}\\d{{1,3}}$') OR (contains({S(0)}, ':') AND regexp_matches({S(0)}, '^[0-9a-fA-F:.]+$')), false)", Kind.Bool),
            "isvalidipv4" => ($"coalesce(regexp_matches({S(0)}, '^(\\d{{1,3}}\\.){{3}}\\d{{1,3}}$'), false)", Kind.Bool),
            "isipinsubnet" or "isipv4insubnet" => (Subnet(S(0), c.Arguments.ElementAtOrDefault(1)), Kind.Bool),
            _ => throw new InsightsCompileException($"unknown function '{c.Function}'"),
        };
    }

    /// <summary>IPv4 CIDR membership with the network and mask worked out here from the literal.</summary>
    private static string Subnet(string ip, Expr? cidr)
    {
        if (cidr is not StringExpr { Value: var text } || text.Split('/') is not [var network, var bits]
            || !System.Net.IPAddress.TryParse(network, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            throw new InsightsCompileException("isIpInSubnet takes an IPv4 subnet as a string, like \"10.0.0.0/8\"");
        }

        var b = address.GetAddressBytes();
        var net = ((long)b[0] << 24) | ((long)b[1] << 16) | ((long)b[2] << 8) | b[3];
        var mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return $"coalesce((__ipv4({ip}) & {mask}) = {net & mask}, false)";
    }

    private static string Numeric((string Sql, Kind Kind) v) => v.Kind == Kind.Number ? v.Sql : $"TRY_CAST({v.Sql} AS DOUBLE)";

    private static string Timed((string Sql, Kind Kind) v) => v.Kind == Kind.Time ? v.Sql : v.Kind == Kind.Number ? $"make_timestamp(CAST({v.Sql} AS BIGINT) * 1000)" : $"TRY_CAST({v.Sql} AS TIMESTAMP)";

    private static string Interval(Expr? e)
    {
        if (e is not DurationExpr d)
        {
            throw new InsightsCompileException("expected a period like 5m, 1h, 30s or 1d");
        }

        var unit = d.Unit.ToLowerInvariant() switch
        {
            "ms" => "milliseconds",
            "s" or "sec" or "second" or "seconds" => "seconds",
            "m" or "min" or "minute" or "minutes" => "minutes",
            "h" or "hr" or "hour" or "hours" => "hours",
            "d" or "day" or "days" => "days",
            "w" or "week" or "weeks" => "days",
            "mo" or "month" or "months" => "months",
            "q" or "quarter" => "months",
            "y" or "year" or "years" => "years",
            _ => throw new InsightsCompileException($"'{d.Text}' is not a period (ms, s, m, h, d, w, mo, q, y)"),
        };
        var amount = d.Unit.ToLowerInvariant() switch { "w" or "week" or "weeks" => d.Amount * 7, "q" or "quarter" => d.Amount * 3, _ => d.Amount };
        return $"INTERVAL '{amount} {unit}'";
    }

    private static string Time(DateTimeOffset t) => $"TIMESTAMP '{t.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}'";

    public static string Literal(string s) => Sql.SqlText.Literal(s);

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Re2Escape(string s)
    {
        var b = new StringBuilder();
        foreach (var ch in s)
        {
            if ("\\.+?()[]{}|^$*".Contains(ch, StringComparison.Ordinal))
            {
                b.Append('\\');
            }

            b.Append(ch);
        }

        return b.ToString();
    }
}

/// <summary>A command the compiler cannot turn into SQL (its caller adds the command's position).</summary>
public sealed class InsightsCompileException(string message) : Exception(message);
