namespace EksIr.Logs.Insights;

/// <summary>One command of the pipeline; <see cref="Keyword"/> is where its name is.</summary>
public abstract record Command(SourceSpan Keyword);

/// <summary>An expression with an optional <c>as</c> name.</summary>
public sealed record NamedExpr(Expr Expr, string? Alias);

public sealed record FieldsCommand(IReadOnlyList<NamedExpr> Items, SourceSpan Keyword) : Command(Keyword);

public sealed record DisplayCommand(IReadOnlyList<NamedExpr> Items, SourceSpan Keyword) : Command(Keyword);

public sealed record FilterCommand(Expr Condition, SourceSpan Keyword) : Command(Keyword);

public sealed record StatsCommand(IReadOnlyList<NamedExpr> Aggregates, IReadOnlyList<NamedExpr> By, SourceSpan Keyword) : Command(Keyword);

public sealed record SortKey(Expr Key, bool Descending);

public sealed record SortCommand(IReadOnlyList<SortKey> Keys, SourceSpan Keyword) : Command(Keyword);

/// <summary><c>limit N</c>, or <c>limit any N</c> (any N matching events).</summary>
public sealed record LimitCommand(int Count, bool Any, SourceSpan Keyword) : Command(Keyword);

/// <summary><c>parse F "glob * with * stars" as a, b</c> or <c>parse F /regex (?&lt;a&gt;…)/</c>.</summary>
public sealed record ParseCommand(Expr Source, string Pattern, bool IsRegex, IReadOnlyList<string> Names, SourceSpan PatternSpan, SourceSpan Keyword) : Command(Keyword);

public sealed record DedupCommand(IReadOnlyList<FieldExpr> Fields, SourceSpan Keyword) : Command(Keyword);

/// <summary><c>unnest list into name</c>: one event for each item of a list.</summary>
public sealed record UnnestCommand(Expr List, string Into, SourceSpan Keyword) : Command(Keyword);

/// <summary><c>expand field</c>: one event for each item of the JSON array in the field.</summary>
public sealed record ExpandCommand(FieldExpr Field, SourceSpan Keyword) : Command(Keyword);
