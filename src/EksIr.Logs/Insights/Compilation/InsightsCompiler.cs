namespace EksIr.Logs.Insights;

/// <summary>
/// A Logs Insights query to DuckDB SQL, in passes: lex and parse (<see cref="InsightsParser"/>: a syntax tree whose
/// nodes keep their spans), the order rules (<see cref="QueryShape"/>), then binding and translation command by command
/// (<see cref="QueryTranslator"/>, <see cref="ExpressionTranslator"/>). Every value from the query text becomes a SQL
/// literal: query text cannot reach the SQL as code. Any error names the line and column of its token.
/// </summary>
public static class InsightsCompiler
{
    /// <param name="stored">Discovered fields the table keeps in columns of their own (<see cref="LogsTable.StoredColumn"/>).</param>
    public static CompiledQuery Compile(string query, DateTimeOffset now, DateTimeOffset? start = null, DateTimeOffset? end = null, IReadOnlySet<string>? stored = null) =>
        Compile(query, Parse(query), now, start, end, stored);

    /// <summary>The query's commands, parsed and checked against the order rules: parsed once, compiled as often as needed.</summary>
    public static IReadOnlyList<Command> Parse(string query)
    {
        var commands = InsightsParser.Parse(query);
        QueryShape.Check(query, commands);
        return commands;
    }

    /// <summary>Compiles commands <see cref="Parse"/> gave for <paramref name="query"/> (whose text the errors quote).</summary>
    public static CompiledQuery Compile(string query, IReadOnlyList<Command> commands, DateTimeOffset now, DateTimeOffset? start = null, DateTimeOffset? end = null,
        IReadOnlySet<string>? stored = null) =>
        new QueryTranslator(query, now, start, end, stored).Translate(commands);
}
