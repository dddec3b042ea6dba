namespace EksIr.Logs.Insights;

/// <summary>A Logs Insights query the engine cannot read or run: what is wrong, at the line and column of the token concerned.</summary>
public sealed class InsightsSyntaxException(string message, int line, int column)
    : Exception($"line {line}, column {column}: {message}"), Core.IAnalystError
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public static InsightsSyntaxException At(string query, SourceSpan span, string message)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < Math.Min(span.Start, query.Length); i++)
        {
            if (query[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return new InsightsSyntaxException(message, line, column);
    }
}
