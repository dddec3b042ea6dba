using System.Text;

namespace EksIr.Logs.Sql;

/// <summary>
/// The Presto/Trino calls a DuckDB macro cannot stand in for, rewritten in the query text:
/// <c>date_parse(x, 'fmt')</c> → <c>strptime(x, 'fmt')</c> and <c>date_format(t, 'fmt')</c> → <c>strftime(t, 'fmt')</c> with the
/// MySQL-style format (%i minutes, %s seconds, %T time, %f fraction) turned into DuckDB's. Text inside string literals
/// and quoted identifiers is never touched.
/// </summary>
public static class PrestoRewrite
{
    public static string Apply(string sql)
    {
        foreach (var (presto, duck, cast) in new[] { ("date_parse", "strptime", ""), ("date_format", "strftime", "CAST({0} AS TIMESTAMP)") })
        {
            sql = Rewrite(sql, presto, duck, cast);
        }

        return sql;
    }

    private static string Rewrite(string sql, string name, string replacement, string firstArgument)
    {
        var output = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var at = FindCall(sql, name, i);
            if (at < 0)
            {
                break;
            }

            var open = sql.IndexOf('(', at + name.Length);
            var (close, comma) = Arguments(sql, open);
            if (close < 0 || comma < 0 || !IsLiteral(sql[(comma + 1)..close].Trim()))
            {
                output.Append(sql, i, open + 1 - i);
                i = open + 1;
                continue;
            }

            var first = sql[(open + 1)..comma];
            var format = sql[(comma + 1)..close].Trim();
            output.Append(sql, i, at - i).Append(replacement).Append('(')
                .Append(firstArgument.Length == 0 ? first : string.Format(System.Globalization.CultureInfo.InvariantCulture, firstArgument, first))
                .Append(", ").Append(Format(format)).Append(')');
            i = close + 1;
        }

        return output.Append(sql, i, sql.Length - i).ToString();
    }

    private static string Format(string literal) =>
        literal.Replace("%i", "%M", StringComparison.Ordinal).Replace("%s", "%S", StringComparison.Ordinal)
            .Replace("%T", "%H:%M:%S", StringComparison.Ordinal).Replace("%f", "%g", StringComparison.Ordinal);

    private static bool IsLiteral(string s) => s.Length >= 2 && s[0] == '\'' && s[^1] == '\'';

    /// <summary>The next call of <paramref name="name"/> outside literals and quoted names, as a whole word followed by '('.</summary>
    private static int FindCall(string sql, string name, int from)
    {
        for (var i = from; i < sql.Length; i++)
        {
            if (sql[i] is '\'' or '"')
            {
                i = sql.IndexOf(sql[i], i + 1) is var end && end < 0 ? sql.Length : end;
                continue;
            }

            if (string.Compare(sql, i, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (i == 0 || !(char.IsLetterOrDigit(sql[i - 1]) || sql[i - 1] == '_'))
                && sql.AsSpan(i + name.Length).TrimStart().StartsWith("("))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The call's closing parenthesis and its last top-level comma (-1 when unbalanced or absent).</summary>
    private static (int Close, int LastComma) Arguments(string sql, int open)
    {
        var depth = 0;
        var comma = -1;
        for (var i = open; i < sql.Length; i++)
        {
            switch (sql[i])
            {
                case '\'' or '"':
                    var end = sql.IndexOf(sql[i], i + 1);
                    if (end < 0)
                    {
                        return (-1, -1);
                    }

                    i = end;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return (i, comma);
                    }

                    break;
                case ',' when depth == 1:
                    comma = i;
                    break;
            }
        }

        return (-1, -1);
    }
}
