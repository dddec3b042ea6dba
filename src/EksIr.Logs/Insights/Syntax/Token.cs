namespace EksIr.Logs.Insights;

public enum TokenKind
{
    /// <summary>A word or a field name: <c>verb</c>, <c>objectRef.name</c>, <c>@timestamp</c>, <c>`foo-bar`</c>, <c>e.`user.id`</c>.</summary>
    Name,
    String,
    Number,

    /// <summary>A number with a time unit: <c>5m</c>, <c>1hrs</c>, <c>300s</c>.</summary>
    Duration,
    Regex,
    Symbol,
    Pipe,
    End,
}

/// <summary>One part of a field name: an identifier, or a `backticked` name taken as it is written.</summary>
public sealed record NameSegment(string Text, bool Quoted);

/// <summary>One token of the query and where it is; a name also carries its segments.</summary>
public sealed record Token(TokenKind Kind, string Text, SourceSpan Span, IReadOnlyList<NameSegment>? Segments = null)
{
    /// <summary>A plain word (one unquoted segment) that equals <paramref name="word"/>, ignoring case.</summary>
    public bool Is(string word) =>
        Kind == TokenKind.Name && Segments is [{ Quoted: false } only] && only.Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    public string Shown => Kind == TokenKind.End ? "the end of the query" : $"'{Text}'";
}
