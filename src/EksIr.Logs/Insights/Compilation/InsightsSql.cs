using System.Globalization;
using System.Text;

namespace EksIr.Logs.Insights;

/// <summary>SQL text the compiler writes: literals (every value from the query text goes through here), quoted names, JSON paths.</summary>
internal static class InsightsSql
{
    public static string Literal(string s) => EksIr.Logs.Sql.SqlText.Literal(s);

    /// <summary>A number of the query as a DOUBLE (an integer literal would be a 32-bit INTEGER to DuckDB and overflow).</summary>
    public static string Number(double d) => $"CAST({d.ToString("R", CultureInfo.InvariantCulture)} AS DOUBLE)";

    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Time(DateTimeOffset t) => $"TIMESTAMP '{t.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}'";

    /// <summary>A JSON path of keys; a key of digits only is an array index.</summary>
    public static string JsonPath(IEnumerable<string> keys)
    {
        var path = new StringBuilder("$");
        foreach (var key in keys)
        {
            if (key.Length > 0 && key.All(char.IsAsciiDigit))
            {
                path.Append('[').Append(key).Append(']');
            }
            else
            {
                path.Append(".\"").Append(key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            }
        }

        return path.ToString();
    }
}
