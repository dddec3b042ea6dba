namespace EksIr.Logs.Insights;

/// <summary>A Logs Insights query the parser could not read: what was expected, at which line and column.</summary>
public sealed class InsightsSyntaxException(string message, int line, int column)
    : Exception($"line {line}, column {column}: {message}")
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}

public enum TokenKind
{
    Word,
    Field,
    String,
    Number,
    Regex,
    Symbol,
    Pipe,
    End,
}

/// <summary>One token and where it starts (offset into the query text).</summary>
public sealed record Token(TokenKind Kind, string Text, int Offset);

/// <summary>An expression of the query language.</summary>
public abstract record Expr
{
    /// <summary>The text Logs Insights would use as the column name for this expression.</summary>
    public abstract string Display { get; }
}

public sealed record FieldExpr(string Name) : Expr
{
    public override string Display => Name;
}

public sealed record StringExpr(string Value) : Expr
{
    public override string Display => "\"" + Value + "\"";
}

public sealed record NumberExpr(double Value, string Text) : Expr
{
    public override string Display => Text;
}

/// <summary>A duration literal as bin() and datefloor() take it: 5m, 1h, 30s, 1d.</summary>
public sealed record DurationExpr(int Amount, string Unit, string Text) : Expr
{
    public override string Display => Text;
}

public sealed record RegexExpr(string Pattern, bool IgnoreCase) : Expr
{
    public override string Display => "/" + Pattern + "/";
}

public sealed record ListExpr(IReadOnlyList<Expr> Items) : Expr
{
    public override string Display => "[" + string.Join(", ", Items.Select(i => i.Display)) + "]";
}

public sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments, bool Star = false) : Expr
{
    public override string Display => $"{Function}({(Star ? "*" : string.Join(", ", Arguments.Select(a => a.Display)))})";
}

public sealed record UnaryExpr(string Operator, Expr Operand) : Expr
{
    public override string Display => $"{Operator} {Operand.Display}";
}

public sealed record BinaryExpr(string Operator, Expr Left, Expr Right) : Expr
{
    public override string Display => $"{Left.Display} {Operator} {Right.Display}";
}

/// <summary>One command of the pipeline.</summary>
public abstract record Command(int Offset);

public sealed record NamedExpr(Expr Expr, string? Alias)
{
    public string Name => Alias ?? Expr.Display;
}

public sealed record FieldsCommand(IReadOnlyList<NamedExpr> Items, int Offset) : Command(Offset);

public sealed record DisplayCommand(IReadOnlyList<string> Fields, int Offset) : Command(Offset);

public sealed record FilterCommand(Expr Condition, int Offset) : Command(Offset);

public sealed record StatsCommand(IReadOnlyList<NamedExpr> Aggregates, IReadOnlyList<NamedExpr> By, int Offset) : Command(Offset);

public sealed record SortCommand(IReadOnlyList<(Expr Key, bool Descending)> Keys, int Offset) : Command(Offset);

public sealed record LimitCommand(int Count, int Offset) : Command(Offset);

/// <summary><c>parse F "glob * with * stars" as a, b</c> or <c>parse F /regex (?&lt;a&gt;…)/</c>.</summary>
public sealed record ParseCommand(Expr Source, string Pattern, bool IsRegex, IReadOnlyList<string> Names, int Offset) : Command(Offset);

public sealed record DedupCommand(IReadOnlyList<string> Fields, int Offset) : Command(Offset);
