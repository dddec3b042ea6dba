namespace EksIr.Logs.Sql;

/// <summary>The engine refused or failed a query: its own message (DuckDB's names the line and shows the position).</summary>
public sealed class SqlQueryException(string message) : Exception(message), Core.IAnalystError;
