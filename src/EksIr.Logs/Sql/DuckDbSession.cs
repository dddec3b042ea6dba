using System.Collections;
using System.Data.Common;
using DuckDB.NET.Data;

namespace EksIr.Logs.Sql;

/// <summary>
/// One in-memory DuckDB connection with the Presto/Trino functions CloudTrail and Athena queries commonly use, as
/// macros over DuckDB's own (json_extract_scalar, from_iso8601_timestamp, date_parse, cardinality, element_at,
/// approx_distinct, regexp_like, …). Unless <see cref="LogEngineOptions.AllowExternalAccess"/>, it is locked down before
/// any SQL runs: file access only below the folders given (the engine's scratch folder, the case folder), no extension
/// installed or loaded, the settings locked; a refusal says so and names the switch. What DuckDB spills goes to the
/// scratch folder.
/// </summary>
public sealed class DuckDbSession : IDisposable
{
    private static readonly string[] PrestoMacros =
    [
        "CREATE OR REPLACE TEMP MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)",
        "CREATE OR REPLACE TEMP MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)",
        "CREATE OR REPLACE TEMP MACRO from_iso8601_date(s) AS CAST(s AS DATE)",
        "CREATE OR REPLACE TEMP MACRO to_iso8601(t) AS strftime(CAST(t AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')",
        // date_parse and date_format are rewritten by PrestoRewrite (DuckDB needs a constant format).
        "CREATE OR REPLACE TEMP MACRO from_unixtime(x) AS to_timestamp(x)",
        "CREATE OR REPLACE TEMP MACRO to_unixtime(t) AS epoch(t)",
        "CREATE OR REPLACE TEMP MACRO cardinality(x) AS len(x)",
        "CREATE OR REPLACE TEMP MACRO element_at(x, i) AS x[i]",
        "CREATE OR REPLACE TEMP MACRO approx_distinct(x) AS approx_count_distinct(x)",
        "CREATE OR REPLACE TEMP MACRO regexp_like(s, p) AS regexp_matches(s, p)",
        "CREATE OR REPLACE TEMP MACRO __ipv4(s) AS CASE WHEN regexp_matches(s, '^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$') THEN " +
        "CAST(split_part(s, '.', 1) AS BIGINT) * 16777216 + CAST(split_part(s, '.', 2) AS BIGINT) * 65536 + CAST(split_part(s, '.', 3) AS BIGINT) * 256 + CAST(split_part(s, '.', 4) AS BIGINT) END",
        "CREATE OR REPLACE TEMP MACRO url_extract_host(u) AS regexp_extract(u, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)', 1)",
    ];

    private readonly DuckDBConnection _connection;
    private readonly bool _lockedDown;

    /// <param name="database">A database file (the case store) instead of memory.</param>
    public DuckDbSession(LogEngineOptions options, IReadOnlyList<string> folders, string? database = null)
    {
        _connection = new DuckDBConnection($"Data Source={database ?? ":memory:"}");
        try
        {
            _connection.Open();
        }
        catch (DbException e)
        {
            _connection.Dispose();
            throw new SqlQueryException(e.Message);
        }

        Execute("SET TimeZone = 'UTC'"); // times are shown and compared in UTC, whatever the workstation's zone
        Execute($"SET temp_directory = {SqlText.Literal(Path.Combine(folders[0], "spill"))}");
        foreach (var macro in PrestoMacros)
        {
            Execute(macro);
        }

        if (!options.AllowExternalAccess)
        {
            // allowed_directories must be set while external access is still on; lock_configuration last.
            Execute($"SET allowed_directories = [{string.Join(", ", folders.Select(f => SqlText.Literal(f.TrimEnd('/') + "/")))}]");
            Execute("SET enable_external_access = false");
            Execute("SET autoinstall_known_extensions = false");
            Execute("SET autoload_known_extensions = false");
            Execute("SET lock_configuration = true");
            _lockedDown = true;
        }
    }

    /// <summary>Runs a statement; returns the rows it changed (inserted, deleted).</summary>
    public long Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            return command.ExecuteNonQuery();
        }
        catch (DbException e)
        {
            throw Refused(e);
        }
    }

    /// <summary>Runs a query; DuckDB's errors (with their LINE and caret) become <see cref="SqlQueryException"/>.</summary>
    public (IReadOnlyList<QueryColumn> Columns, List<object?[]> Rows) Query(string sql, int maxRows = int.MaxValue, CancellationToken cancellationToken = default)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = PrestoRewrite.Apply(sql);
        using var registration = cancellationToken.Register(command.Cancel);
        try
        {
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(i => new QueryColumn(reader.GetName(i), reader.GetDataTypeName(i))).ToList();
            var rows = new List<object?[]>();
            while (rows.Count < maxRows && reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : Plain(reader.GetValue(i));
                }

                rows.Add(row);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return (columns, rows);
        }
        catch (DbException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Refused(e);
        }
    }

    /// <summary>The connection, for the engine's own functions (Insights' natural sort key, IP checks).</summary>
    internal DuckDBConnection Connection => _connection;

    /// <summary>Rows appended straight into a table (for events parsed here rather than by the engine).</summary>
    public DuckDBAppender Appender(string table) => _connection.CreateAppender(table);

    public void Dispose() => _connection.Dispose();

    /// <summary>DuckDB's own message; a refusal of the lockdown also says what it is and how to lift it.</summary>
    private SqlQueryException Refused(DbException e) =>
        new(_lockedDown && (e.Message.Contains("disabled by configuration", StringComparison.Ordinal) || e.Message.Contains("disabled through configuration", StringComparison.Ordinal)
                            || e.Message.Contains("the configuration has been locked", StringComparison.Ordinal))
            ? e.Message.TrimEnd() + "\n" + LogEngineOptions.Policy
            : e.Message);

    /// <summary>Values as JSON and tables show them: structs and maps as ordered dictionaries, lists as lists.</summary>
    private static object? Plain(object? value) => value switch
    {
        null or DBNull => null,
        string or bool or int or long or double or decimal or DateTime or DateTimeOffset => value,
        IDictionary d => d.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => Plain(d[k])),
        IEnumerable list => list.Cast<object?>().Select(Plain).ToList(),
        _ => value,
    };
}
