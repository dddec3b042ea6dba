using System.Globalization;
using System.Text.Json;

namespace EksIr.Logs.Sql;

/// <summary>A query result as text cells (tables) and as one object per row (JSON), column names as the query gave them.</summary>
public static class QueryViews
{
    public static IReadOnlyList<string> Headers(QueryResult result) => result.Columns.Select(c => c.Name).ToList();

    public static IEnumerable<IReadOnlyList<string?>> Rows(QueryResult result) =>
        result.Rows.Select(r => (IReadOnlyList<string?>)r.Select(Text).ToList());

    /// <summary>One object per row; a repeated column name gets a #2, #3 suffix so no value is lost.</summary>
    public static IEnumerable<Dictionary<string, object?>> Objects(QueryResult result)
    {
        var names = new List<string>();
        foreach (var c in result.Columns)
        {
            var name = c.Name;
            for (var n = 2; names.Contains(name); n++)
            {
                name = $"{c.Name}#{n}";
            }

            names.Add(name);
        }

        return result.Rows.Select(r => names.Select((n, i) => (n, Json(r[i]))).ToDictionary(x => x.n, x => x.Item2));
    }

    /// <summary>
    /// The result as series over time when it is shaped like Logs Insights' visualisable results: the first column a
    /// time (bin(…)) and the last a number; any columns between name the series (stats count(*) by bin(5m), verb).
    /// Null when it is not.
    /// </summary>
    public static IReadOnlyList<EksIr.Core.Reporting.TimePoint>? TimeSeries(QueryResult result)
    {
        if (result.Columns.Count < 2 || result.Rows.Count < 2
            || !result.Rows.All(r => r[0] is DateTime && r[^1] is long or int or double or decimal or float))
        {
            return null;
        }

        return result.Rows.Select(r => new EksIr.Core.Reporting.TimePoint(
            result.Columns.Count == 2 ? result.Columns[^1].Name : string.Join(" / ", r.Skip(1).Take(r.Length - 2).Select(v => Text(v) ?? "(none)")),
            (DateTime)r[0]!, Convert.ToDouble(r[^1], CultureInfo.InvariantCulture))).ToList();
    }

    /// <summary>A number as Logs Insights shows one: a whole number without a decimal point, any other in its shortest exact form.</summary>
    private static string Number(double d) =>
        double.IsFinite(d) && Math.Abs(d) < 1e15 && d == Math.Floor(d) ? d.ToString("0", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture);

    public static string? Text(object? value) => value switch
    {
        null => null,
        DateTime t => EksIr.Core.Time.Rfc3339.Format(t),
        DateTimeOffset t => EksIr.Core.Time.Rfc3339.Format(t),
        double d => Number(d),
        float f => Number(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s,
        System.Collections.IEnumerable => JsonSerializer.Serialize(value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static object? Json(object? value) => value switch
    {
        DateTime t => EksIr.Core.Time.Rfc3339.Format(t),
        _ => value,
    };
}
