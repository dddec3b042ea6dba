namespace EksIr.Logs.Sql;

/// <summary>Text made safe for DuckDB SQL: a string literal with its quotes doubled. Every value built into SQL here goes through it.</summary>
public static class SqlText
{
    public static string Literal(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
