namespace EksIr.Logs.Insights;

/// <summary>
/// One expression of the query in SQL over the current relation: fields resolved through the <see cref="Scope"/>
/// (bound, an attribute of a jsonParse map, or discovered in the message), comparisons as CloudWatch makes them (a
/// number compares as a number, "1" equals 1, a map equals nothing), functions and, inside stats, aggregates. An error
/// points at the token concerned.
/// </summary>
internal sealed partial class ExpressionTranslator(string query, Scope scope, DateTimeOffset now)
{
    /// <summary>Whether aggregate functions may appear (the expressions of a stats command).</summary>
    public bool Aggregating { get; init; }

    public InsightsSyntaxException Error(SourceSpan at, string message) => InsightsSyntaxException.At(query, at, message);

    public string Condition(Expr e) => Value(e).AsCondition;

    public SqlValue Value(Expr e) => e switch
    {
        StringExpr s => new SqlValue(InsightsSql.Literal(s.Value), ValueKind.Text),
        NumberExpr n => new SqlValue(InsightsSql.Number(n.Value), ValueKind.Number),
        RegexExpr r => throw Error(r.Span, "a /regular expression/ can only follow like, not like or =~"),
        DurationExpr d => throw Error(d.Span, $"'{d.Text}' is a period, for bin(), datefloor() and dateceil()"),
        ListExpr l => throw Error(l.Span, "a [list] can only follow in or not in"),
        FieldExpr f => Field(f),
        IndexExpr or MemberExpr => JsonItem(e),
        UnaryExpr { Operator: "not" } u => new SqlValue($"(NOT {Condition(u.Operand)})", ValueKind.Bool),
        UnaryExpr u => new SqlValue($"(-{Value(u.Operand).AsNumber})", ValueKind.Number),
        BinaryExpr b => Binary(b),
        CallExpr c => Call(c),
        _ => throw Error(e.Span, "this cannot be used here"),
    };

    /// <summary>A field: a bound name, an attribute of a jsonParse map, or a field discovered in the message.</summary>
    private SqlValue Field(FieldExpr f)
    {
        if (Aggregating && !_inAggregate)
        {
            throw Error(f.Span, $"'{f.Name}' in stats must be inside an aggregate function (count, sum, avg, …) or after 'by'");
        }

        if (scope.Find(f.Name) is { } bound)
        {
            return new SqlValue(bound.Sql, bound.Kind);
        }

        if (JsonAttribute(f) is { } attribute)
        {
            return new SqlValue($"json_extract_string({attribute.Base}, {InsightsSql.Literal(attribute.Path)})", ValueKind.Raw);
        }

        if (!scope.Discovers)
        {
            throw Error(f.Span, $"'{f.Name}' is not a result of the stats command before it: after stats, only its 'by' fields and aggregates exist");
        }

        if (f.Name.StartsWith('@') && !f.Name.StartsWith("@@", StringComparison.Ordinal))
        {
            throw Error(f.Span, $"'{f.Name}' is not a field of these logs ({string.Join(", ", LogsTable.SystemFields)}); a discovered field whose key starts with '@' is written with a second '@'");
        }

        return new SqlValue(scope.StoredColumn(f.Name) ?? DiscoveredField.Sql(f.Name), ValueKind.Raw);
    }

    /// <summary>A field's JSON value (a list stays a list): for unnest and expand.</summary>
    public string JsonValue(Expr e)
    {
        if (e is FieldExpr f && scope.Find(f.Name) is { } bound)
        {
            return bound.Kind == ValueKind.Json ? bound.Sql : $"TRY_CAST({bound.Sql} AS JSON)";
        }

        if (e is FieldExpr or IndexExpr or MemberExpr && JsonPathOf(e) is { } item)
        {
            return $"json_extract({item.Base}, {InsightsSql.Literal(item.Path)})";
        }

        if (e is FieldExpr discovered && scope.Discovers)
        {
            return DiscoveredField.Json(discovered.Name);
        }

        return Value(e) is { Kind: ValueKind.Json } json ? json.Sql : throw Error(e.Span, "expected a list (a JSON array)");
    }

    /// <summary>An item or attribute reached through [index] and .attribute from a jsonParse map.</summary>
    private SqlValue JsonItem(Expr e) =>
        JsonPathOf(e) is { } item
            ? new SqlValue($"json_extract_string({item.Base}, {InsightsSql.Literal(item.Path)})", ValueKind.Raw)
            : throw Error(e.Span, "[index] and .attribute apply to a map or list from jsonParse()");

    /// <summary>The map a field starts with (its longest bound prefix of JSON kind) and the path of the rest.</summary>
    private (string Base, string Path)? JsonAttribute(FieldExpr f)
    {
        for (var k = f.Segments.Count - 1; k >= 1; k--)
        {
            var prefix = string.Join('.', f.Segments.Take(k).Select(s => s.Text));
            if (scope.Find(prefix) is { Kind: ValueKind.Json } map)
            {
                return (map.Sql, InsightsSql.JsonPath(f.Segments.Skip(k).Select(s => s.Text)));
            }
        }

        return null;
    }

    private (string Base, string Path)? JsonPathOf(Expr e)
    {
        switch (e)
        {
            case FieldExpr f when scope.Find(f.Name) is { Kind: ValueKind.Json } map:
                return (map.Sql, "$");
            case FieldExpr f:
                return JsonAttribute(f);
            case IndexExpr { Index: NumberExpr n } index when JsonPathOf(index.Target) is { } target:
                return (target.Base, $"{target.Path}[{(long)n.Value}]");
            case MemberExpr member when JsonPathOf(member.Target) is { } target:
                return (target.Base, target.Path + InsightsSql.JsonPath(member.Segments.Select(s => s.Text))[1..]);
            default:
                return null;
        }
    }
}
