namespace EksIr.Logs.Insights;

/// <summary>An expression of the query language, with the span of query text it was read from.</summary>
public abstract record Expr(SourceSpan Span);

/// <summary>A field: its segments as written (a `backticked` one kept whole) and its name as a column shows it.</summary>
public sealed record FieldExpr(IReadOnlyList<NameSegment> Segments, SourceSpan Span) : Expr(Span)
{
    public string Name { get; } = string.Join('.', Segments.Select(s => s.Text));

    public static FieldExpr Of(string name) => new([new NameSegment(name, false)], default);
}

public sealed record StringExpr(string Value, SourceSpan Span) : Expr(Span);

public sealed record NumberExpr(double Value, string Text, SourceSpan Span) : Expr(Span);

/// <summary>A period as bin() and datefloor() take it: 5m, 1h, 30s, 1d, 1hrs.</summary>
public sealed record DurationExpr(int Amount, string Unit, string Text, SourceSpan Span) : Expr(Span);

public sealed record RegexExpr(string Pattern, SourceSpan Span) : Expr(Span);

public sealed record ListExpr(IReadOnlyList<Expr> Items, SourceSpan Span) : Expr(Span);

/// <summary>A function call; <see cref="NameSpan"/> is where its name is (errors about the function point there).</summary>
public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments, bool Star, SourceSpan NameSpan, SourceSpan Span) : Expr(Span);

public sealed record UnaryExpr(string Operator, Expr Operand, SourceSpan Span) : Expr(Span);

public sealed record BinaryExpr(string Operator, Expr Left, Expr Right, SourceSpan Span) : Expr(Span);

/// <summary><c>list[index]</c>: an item of a list from jsonParse.</summary>
public sealed record IndexExpr(Expr Target, Expr Index, SourceSpan Span) : Expr(Span);

/// <summary><c>expr.attribute</c> after an index: <c>users[1].action</c>.</summary>
public sealed record MemberExpr(Expr Target, IReadOnlyList<NameSegment> Segments, SourceSpan Span) : Expr(Span);
