namespace EksIr.Logs.Insights;

internal sealed partial class ExpressionTranslator
{
    private SqlValue Binary(BinaryExpr b) => b.Operator switch
    {
        "and" or "or" => new SqlValue($"({Condition(b.Left)} {b.Operator.ToUpperInvariant()} {Condition(b.Right)})", ValueKind.Bool),
        "like" or "not like" or "=~" => Match(b),
        "in" or "not in" => In(b),
        "=" or "!=" or "<" or ">" or "<=" or ">=" => Compare(b),
        "^" => new SqlValue($"power({Value(b.Left).AsNumber}, {Value(b.Right).AsNumber})", ValueKind.Number),
        _ => new SqlValue($"({Value(b.Left).AsNumber} {b.Operator} {Value(b.Right).AsNumber})", ValueKind.Number),
    };

    /// <summary>like "text" (contains), like /regex/, =~ /regex/ or =~ "regex".</summary>
    private SqlValue Match(BinaryExpr b)
    {
        var left = Value(b.Left);
        var test = b.Right switch
        {
            _ when left.Kind == ValueKind.Json => "false",
            RegexExpr r => $"regexp_matches({left.AsText}, {InsightsSql.Literal(Re2.From(r.Pattern))})",
            StringExpr s when b.Operator == "=~" => $"regexp_matches({left.AsText}, {InsightsSql.Literal(Re2.From(s.Value))})",
            StringExpr s => $"contains({left.AsText}, {InsightsSql.Literal(s.Value)})",
            _ => throw Error(b.Right.Span, $"'{b.Operator}' takes a \"string\" or a /regex/"),
        };
        return new SqlValue(b.Operator == "not like" ? $"(NOT coalesce({test}, false))" : $"coalesce({test}, false)", ValueKind.Bool);
    }

    /// <summary>in [...]: a number in the list matches the same number, or text that reads the same; text matches text.</summary>
    private SqlValue In(BinaryExpr b)
    {
        var left = Value(b.Left);
        var tests = new List<string>();
        foreach (var item in ((ListExpr)b.Right).Items)
        {
            var value = Value(item);
            tests.Add(left.Kind == ValueKind.Json ? "false"
                : item is NumberExpr n ? $"({left.AsNumber} = {value.Sql} OR {left.AsText} = {InsightsSql.Literal(n.Text)})"
                : value.Kind is ValueKind.Number or ValueKind.Flag ? $"({left.AsNumber} = {value.AsNumber})"
                : $"({left.AsText} = {value.AsText})");
        }

        var any = tests.Count == 0 ? "false" : $"coalesce({string.Join(" OR ", tests)}, false)";
        return new SqlValue(b.Operator == "in" ? any : $"(NOT {any})", ValueKind.Bool);
    }

    private SqlValue Compare(BinaryExpr b)
    {
        var (left, right) = (Value(b.Left), Value(b.Right));
        var op = b.Operator == "!=" ? "<>" : b.Operator;
        string test;
        if (left.Kind == ValueKind.Json || right.Kind == ValueKind.Json)
        {
            test = "false"; // a map or list equals nothing, and is not unequal either
        }
        else if (left.Kind == ValueKind.Time || right.Kind == ValueKind.Time)
        {
            test = left.Kind is ValueKind.Number || right.Kind is ValueKind.Number
                ? $"{left.AsNumber} {op} {right.AsNumber}" // epoch milliseconds on both sides
                : $"{left.AsTime} {op} {right.AsTime}";
        }
        else if (IsNumeric(left) || IsNumeric(right))
        {
            test = $"{left.AsNumber} {op} {right.AsNumber}";
        }
        else if (op is "=" or "<>")
        {
            test = $"{left.AsText} {op} {right.AsText}";
        }
        else
        {
            // Two values from events: numbers when both read as numbers, else text.
            test = $"CASE WHEN {left.AsNumber} IS NOT NULL AND {right.AsNumber} IS NOT NULL THEN {left.AsNumber} {op} {right.AsNumber} ELSE {left.AsText} {op} {right.AsText} END";
        }

        return new SqlValue($"coalesce({test}, false)", ValueKind.Bool);
    }

    private static bool IsNumeric(SqlValue v) => v.Kind is ValueKind.Number or ValueKind.Flag or ValueKind.Bool;
}
