using System.Text;
using System.Text.RegularExpressions;

namespace EksIr.Logs.CloudTrail;

/// <summary>
/// The partition predicates of a query (<c>date_partition</c>, <c>region_partition</c>, <c>account_partition</c>,
/// <c>"timestamp"</c>: =, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=, BETWEEN, IN, LIKE 'prefix%'), used like Athena's partition
/// projection to leave out files whose S3 path cannot match before anything is read. Conservative: a query with OR,
/// NOT before a parenthesis or a partition column, or that names the table more than once, is not pruned (the
/// engine's WHERE still filters every row).
/// </summary>
public sealed partial class PartitionFilter
{
    private readonly List<(string Column, Func<string, bool> Test)> _tests = [];

    private PartitionFilter(string? whyNot) => WhyNotPruned = whyNot;

    /// <summary>Why the query's files are not pruned (null when they are, or there is nothing to prune on).</summary>
    public string? WhyNotPruned { get; }

    public int PredicateCount => _tests.Count;

    public static PartitionFilter FromSql(string sql, string table = "cloudtrail")
    {
        var code = CodeOnly(sql, out var literals);
        if (Regex.Matches(code, $@"\b{table}\b", RegexOptions.IgnoreCase).Count > 1)
        {
            return new PartitionFilter($"the query names {table} more than once");
        }

        if (Or().IsMatch(code) || NegatedPartition().IsMatch(code))
        {
            return new PartitionFilter("the query has OR, or NOT before a partition test");
        }

        var filter = new PartitionFilter(null);
        string Literal(string token) => literals[int.Parse(token.AsSpan(2, token.Length - 3), System.Globalization.CultureInfo.InvariantCulture)];
        foreach (Match m in Between().Matches(code))
        {
            var (low, high) = (Literal(m.Groups["a"].Value), Literal(m.Groups["b"].Value));
            filter._tests.Add((Column(m), v => string.CompareOrdinal(v, low) >= 0 && string.CompareOrdinal(v, high) <= 0));
        }

        foreach (Match m in In().Matches(code))
        {
            var values = Literals().Matches(m.Groups["list"].Value).Select(l => Literal(l.Value)).ToHashSet(StringComparer.Ordinal);
            filter._tests.Add((Column(m), values.Contains));
        }

        foreach (Match m in Like().Matches(code))
        {
            var pattern = Literal(m.Groups["a"].Value);
            var prefix = pattern.Split('%', '_')[0];
            filter._tests.Add((Column(m), v => v.StartsWith(prefix, StringComparison.Ordinal)));
        }

        foreach (Match m in Compare().Matches(code))
        {
            var value = Literal(m.Groups["a"].Value);
            filter._tests.Add((Column(m), Test(m.Groups["op"].Value, value, reversed: false)));
        }

        foreach (Match m in CompareReversed().Matches(code))
        {
            var value = Literal(m.Groups["a"].Value);
            filter._tests.Add((Column(m), Test(m.Groups["op"].Value, value, reversed: true)));
        }

        return filter;
    }

    /// <summary>Whether the file may hold rows the query wants (files outside the S3 layout always may).</summary>
    public bool Keeps(CloudTrailFile file) =>
        _tests.All(t => t.Column switch
        {
            "date_partition" or "timestamp" => file.Date is null || t.Test(file.Date),
            "region_partition" => file.Region is null || t.Test(file.Region),
            "account_partition" => file.Account is null || t.Test(file.Account),
            _ => true,
        });

    private static string Column(Match m) => m.Groups["col"].Value.Trim('"').ToLowerInvariant();

    private static Func<string, bool> Test(string op, string value, bool reversed)
    {
        var o = reversed ? op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => op } : op;
        return o switch
        {
            "=" => v => v == value,
            "<>" or "!=" => v => v != value,
            "<" => v => string.CompareOrdinal(v, value) < 0,
            "<=" => v => string.CompareOrdinal(v, value) <= 0,
            ">" => v => string.CompareOrdinal(v, value) > 0,
            ">=" => v => string.CompareOrdinal(v, value) >= 0,
            _ => _ => true,
        };
    }

    /// <summary>The SQL with comments removed and each string literal replaced by a numbered token (<c>'#0'</c>), so
    /// keywords inside strings (a pod named "or") are not read as SQL.</summary>
    private static string CodeOnly(string sql, out List<string> literals)
    {
        literals = [];
        var code = new StringBuilder(sql.Length);
        for (var i = 0; i < sql.Length; i++)
        {
            if (sql[i] == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }

                code.Append(' ');
                continue;
            }

            if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 1;
                code.Append(' ');
                continue;
            }

            if (sql[i] == '\'')
            {
                var literal = new StringBuilder();
                for (i++; i < sql.Length; i++)
                {
                    if (sql[i] == '\'' && i + 1 < sql.Length && sql[i + 1] == '\'')
                    {
                        literal.Append('\'');
                        i++;
                    }
                    else if (sql[i] == '\'')
                    {
                        break;
                    }
                    else
                    {
                        literal.Append(sql[i]);
                    }
                }

                code.Append($"'#{literals.Count}'");
                literals.Add(literal.ToString());
                continue;
            }

            code.Append(sql[i]);
        }

        return code.ToString();
    }

    private const string Col = @"(?<col>\b(?:date_partition|region_partition|account_partition)\b|""timestamp"")";

    [GeneratedRegex(@"\bOR\b", RegexOptions.IgnoreCase)]
    private static partial Regex Or();

    /// <summary>NOT (…) or NOT before a partition column could turn a kept range into a dropped one.</summary>
    [GeneratedRegex(@"\bNOT\s*\(|\bNOT\s+" + Col, RegexOptions.IgnoreCase)]
    private static partial Regex NegatedPartition();

    [GeneratedRegex(Col + @"\s+BETWEEN\s+(?<a>'#\d+')\s+AND\s+(?<b>'#\d+')", RegexOptions.IgnoreCase)]
    private static partial Regex Between();

    [GeneratedRegex(Col + @"\s+IN\s*\((?<list>\s*'#\d+'(?:\s*,\s*'#\d+')*\s*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex In();

    [GeneratedRegex(Col + @"\s+LIKE\s+(?<a>'#\d+')", RegexOptions.IgnoreCase)]
    private static partial Regex Like();

    [GeneratedRegex(Col + @"\s*(?<op><=|>=|<>|!=|=|<|>)\s*(?<a>'#\d+')", RegexOptions.IgnoreCase)]
    private static partial Regex Compare();

    [GeneratedRegex(@"(?<a>'#\d+')\s*(?<op><=|>=|<>|!=|=|<|>)\s*" + Col, RegexOptions.IgnoreCase)]
    private static partial Regex CompareReversed();

    [GeneratedRegex(@"'#\d+'")]
    private static partial Regex Literals();
}
