using System.Globalization;

namespace EksIr.Logs.Insights;

/// <summary>
/// Reads a Logs Insights query into commands: fields, display, filter, stats … by, sort, limit, parse, dedup, with
/// the expression grammar of the AWS reference (or/and/not, comparisons, like and =~ with strings or /regex/, in
/// [...], arithmetic, function calls). Errors name the line and column and what was expected there.
/// </summary>
public sealed class InsightsParser
{
    private static readonly HashSet<string> CommandNames = new(StringComparer.OrdinalIgnoreCase) { "fields", "display", "filter", "stats", "sort", "limit", "parse", "dedup" };
    private readonly string _query;
    private readonly List<Token> _tokens;
    private int _pos;

    private InsightsParser(string query)
    {
        _query = query;
        _tokens = InsightsLexer.Tokens(query);
    }

    public static IReadOnlyList<Command> Parse(string query)
    {
        var parser = new InsightsParser(query);
        var commands = new List<Command>();
        while (parser.Peek.Kind == TokenKind.Pipe)
        {
            parser._pos++;
        }

        while (parser.Peek.Kind != TokenKind.End)
        {
            commands.Add(parser.Command());
            if (parser.Peek.Kind == TokenKind.Pipe)
            {
                parser._pos++;
            }
            else if (parser.Peek.Kind != TokenKind.End)
            {
                throw parser.Error($"expected '|' before the next command, found '{parser.Peek.Text}'");
            }
        }

        if (commands.Count == 0)
        {
            throw parser.Error("the query is empty");
        }

        return commands;
    }

    private Token Peek => _tokens[_pos];

    private Token Next() => _tokens[_pos++];

    private bool IsWord(string word, int ahead = 0) =>
        _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)] is { Kind: TokenKind.Word } t && t.Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    private bool IsSymbol(string symbol) => Peek.Kind == TokenKind.Symbol && Peek.Text == symbol;

    private InsightsSyntaxException Error(string message, Token? at = null) => InsightsLexer.Error(_query, (at ?? Peek).Offset, message);

    private void Expect(string symbol)
    {
        if (!IsSymbol(symbol))
        {
            throw Error($"expected '{symbol}', found '{(Peek.Kind == TokenKind.End ? "the end of the query" : Peek.Text)}'");
        }

        _pos++;
    }

    private Command Command()
    {
        var start = Peek;
        if (start.Kind != TokenKind.Word || !CommandNames.Contains(start.Text))
        {
            throw Error($"expected a command (fields, filter, stats, sort, limit, parse, display, dedup), found '{start.Text}'");
        }

        _pos++;
        switch (start.Text.ToLowerInvariant())
        {
            case "fields":
                return new FieldsCommand(NamedList(), start.Offset);
            case "display":
                return new DisplayCommand(NameList(), start.Offset);
            case "filter":
                return new FilterCommand(Expression(), start.Offset);
            case "stats":
            {
                var aggregates = NamedList();
                var by = new List<NamedExpr>();
                if (IsWord("by"))
                {
                    _pos++;
                    by.AddRange(NamedList());
                }

                return new StatsCommand(aggregates, by, start.Offset);
            }

            case "sort":
            {
                var keys = new List<(Expr, bool)>();
                do
                {
                    var key = Additive();
                    var descending = false;
                    if (IsWord("desc") || IsWord("asc"))
                    {
                        descending = Next().Text.Equals("desc", StringComparison.OrdinalIgnoreCase);
                    }

                    keys.Add((key, descending));
                }
                while (TryComma());

                return new SortCommand(keys, start.Offset);
            }

            case "limit":
            {
                var n = Next();
                if (n.Kind != TokenKind.Number || !int.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
                {
                    throw Error("limit takes a whole number greater than 0", n);
                }

                return new LimitCommand(count, start.Offset);
            }

            case "parse":
            {
                var source = Peek.Kind == TokenKind.Regex || Peek.Kind == TokenKind.String ? new FieldExpr("@message") : Primary();
                var pattern = Next();
                if (pattern.Kind == TokenKind.Regex)
                {
                    return new ParseCommand(source, pattern.Text, true, [], start.Offset);
                }

                if (pattern.Kind != TokenKind.String)
                {
                    throw Error("parse takes a \"glob with * wildcards\" as names, or a /regex with (?<named> groups)/", pattern);
                }

                if (!IsWord("as"))
                {
                    throw Error("expected 'as' and the names for the glob's * wildcards");
                }

                _pos++;
                var names = NameList();
                var stars = pattern.Text.Count(ch => ch == '*');
                if (stars != names.Count)
                {
                    throw Error($"the glob has {stars} '*' but {names.Count} names follow 'as'", pattern);
                }

                return new ParseCommand(source, pattern.Text, false, names, start.Offset);
            }

            default:
                return new DedupCommand(NameList(), start.Offset);
        }
    }

    private bool TryComma()
    {
        if (!IsSymbol(","))
        {
            return false;
        }

        _pos++;
        return true;
    }

    private List<NamedExpr> NamedList()
    {
        var items = new List<NamedExpr>();
        do
        {
            var expr = Expression();
            string? alias = null;
            if (IsWord("as"))
            {
                _pos++;
                alias = Name();
            }

            items.Add(new NamedExpr(expr, alias));
        }
        while (TryComma());

        return items;
    }

    private List<string> NameList()
    {
        var names = new List<string> { Name() };
        while (TryComma())
        {
            names.Add(Name());
        }

        return names;
    }

    private string Name()
    {
        var t = Next();
        if (t.Kind is not (TokenKind.Word or TokenKind.Field))
        {
            throw Error($"expected a field name, found '{(t.Kind == TokenKind.End ? "the end of the query" : t.Text)}'", t);
        }

        return t.Text;
    }

    private Expr Expression() => Or();

    private Expr Or()
    {
        var left = And();
        while (IsWord("or") || (Peek.Kind == TokenKind.Symbol && Peek.Text == "||"))
        {
            _pos++;
            left = new BinaryExpr("or", left, And());
        }

        return left;
    }

    private Expr And()
    {
        var left = Not();
        while (IsWord("and"))
        {
            _pos++;
            left = new BinaryExpr("and", left, Not());
        }

        return left;
    }

    private Expr Not()
    {
        if (IsWord("not") && !IsWord("like", 1) && !IsWord("in", 1))
        {
            _pos++;
            return new UnaryExpr("not", Not());
        }

        return Comparison();
    }

    private Expr Comparison()
    {
        var left = Additive();
        if (Peek.Kind == TokenKind.Symbol && Peek.Text is "=" or "==" or "!=" or "<" or ">" or "<=" or ">=" or "=~")
        {
            var op = Next().Text;
            return new BinaryExpr(op == "==" ? "=" : op, left, Additive());
        }

        var negated = IsWord("not") && (IsWord("like", 1) || IsWord("in", 1));
        if (negated)
        {
            _pos++;
        }

        if (IsWord("like"))
        {
            _pos++;
            return new BinaryExpr(negated ? "not like" : "like", left, Additive());
        }

        if (IsWord("in"))
        {
            _pos++;
            var list = Primary();
            if (list is not ListExpr)
            {
                throw Error("'in' takes a list: [\"a\", \"b\"]");
            }

            return new BinaryExpr(negated ? "not in" : "in", left, list);
        }

        if (negated)
        {
            throw Error("expected 'like' or 'in' after 'not'");
        }

        return left;
    }

    private Expr Additive()
    {
        var left = Multiplicative();
        while (Peek.Kind == TokenKind.Symbol && Peek.Text is "+" or "-")
        {
            var op = Next().Text;
            left = new BinaryExpr(op, left, Multiplicative());
        }

        return left;
    }

    private Expr Multiplicative()
    {
        var left = Unary();
        while (Peek.Kind == TokenKind.Symbol && Peek.Text is "*" or "/" or "%" or "^")
        {
            var op = Next().Text;
            left = new BinaryExpr(op, left, Unary());
        }

        return left;
    }

    private Expr Unary()
    {
        if (IsSymbol("-"))
        {
            _pos++;
            return new UnaryExpr("-", Unary());
        }

        return Primary();
    }

    private Expr Primary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.String:
                return new StringExpr(t.Text);
            case TokenKind.Regex:
                return t.Text.StartsWith("(?i)", StringComparison.Ordinal) ? new RegexExpr(t.Text[4..], true) : new RegexExpr(t.Text, false);
            case TokenKind.Number:
                var digits = new string(t.Text.TakeWhile(ch => char.IsDigit(ch) || ch == '.').ToArray());
                var unit = t.Text[digits.Length..];
                if (unit.Length > 0)
                {
                    return new DurationExpr(int.Parse(digits, CultureInfo.InvariantCulture), unit, t.Text);
                }

                return new NumberExpr(double.Parse(digits, CultureInfo.InvariantCulture), t.Text);
            case TokenKind.Symbol when t.Text == "(":
                var inner = Expression();
                Expect(")");
                return inner;
            case TokenKind.Symbol when t.Text == "[":
                var items = new List<Expr>();
                if (!IsSymbol("]"))
                {
                    do
                    {
                        items.Add(Expression());
                    }
                    while (TryComma());
                }

                Expect("]");
                return new ListExpr(items);
            case TokenKind.Word or TokenKind.Field when IsSymbol("("):
                _pos++;
                if (IsSymbol("*"))
                {
                    _pos++;
                    Expect(")");
                    return new CallExpr(t.Text.ToLowerInvariant(), [], Star: true);
                }

                var args = new List<Expr>();
                if (!IsSymbol(")"))
                {
                    do
                    {
                        args.Add(Expression());
                    }
                    while (TryComma());
                }

                Expect(")");
                return new CallExpr(t.Text.ToLowerInvariant(), args);
            case TokenKind.Word or TokenKind.Field:
                return new FieldExpr(t.Text);
            default:
                throw Error($"expected a field, a value or a function, found '{(t.Kind == TokenKind.End ? "the end of the query" : t.Text)}'", t);
        }
    }
}
