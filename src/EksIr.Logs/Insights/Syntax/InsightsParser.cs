using System.Globalization;

namespace EksIr.Logs.Insights;

/// <summary>
/// Reads a Logs Insights query into commands (fields, display, filter, stats … by, sort, limit, parse, dedup, unnest,
/// expand) with the expression grammar of AWS's reference: or / and / not, comparisons, like and =~ with strings or
/// /regex/, in [...], arithmetic, calls, list[index]. Every node keeps its span; an error names the line and column of
/// the token it is about. A CloudWatch command the local engine does not run is refused by name, never skipped.
/// </summary>
public sealed class InsightsParser
{
    private static readonly Dictionary<string, string> NotRunLocally = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pattern"] = "it clusters events with CloudWatch's own machine-learned patterns",
        ["anomaly"] = "it needs CloudWatch's machine-learned anomaly models",
        ["diff"] = "it compares with an earlier window of the live log group",
        ["unmask"] = "an export holds what CloudWatch returned; masked content cannot be recovered here",
        ["filterIndex"] = "its answer depends on when a field index was created, which an export does not record",
        ["SOURCE"] = "it selects log groups and a time window relative to now, which a local export does not have",
        ["logcompare"] = "it compares with a shifted window of the live log group",
        ["lookup"] = "lookup tables live in CloudWatch",
    };

    private readonly string _query;
    private readonly List<Token> _tokens;
    private int _pos;

    private InsightsParser(string query)
    {
        _query = query;
        _tokens = InsightsLexer.Tokens(query);
    }

    /// <summary>The commands of a query the local engine is to run.</summary>
    public static IReadOnlyList<Command> Parse(string query) => Parse(query, live: false);

    /// <summary>
    /// Reads a query that goes to the live service, so that a mistake is said here, at its position, before AWS is asked;
    /// the commands only CloudWatch runs (pattern, anomaly, diff …) are passed over, not refused.
    /// </summary>
    public static void Check(string query) => Parse(query, live: true);

    private static IReadOnlyList<Command> Parse(string query, bool live)
    {
        var parser = new InsightsParser(query);
        var commands = new List<Command>();
        while (parser.Peek.Kind == TokenKind.Pipe)
        {
            parser._pos++;
        }

        while (parser.Peek.Kind != TokenKind.End)
        {
            if (live && NotRunLocally.ContainsKey(parser.Peek.Text))
            {
                while (parser.Peek.Kind is not (TokenKind.Pipe or TokenKind.End))
                {
                    parser._pos++;
                }
            }
            else
            {
                commands.Add(parser.Command());
            }

            if (parser.Peek.Kind == TokenKind.Pipe)
            {
                parser._pos++;
            }
            else if (parser.Peek.Kind != TokenKind.End)
            {
                throw parser.Error($"expected '|' before the next command, found {parser.Peek.Shown}");
            }
        }

        return commands.Count > 0 || live ? commands : throw parser.Error("the query is empty");
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int ahead) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    private Token Next() => _tokens[_pos++];

    private InsightsSyntaxException Error(string message, Token? at = null) => InsightsSyntaxException.At(_query, (at ?? Peek).Span, message);

    private Token Expect(string symbol)
    {
        return Peek.IsSymbol(symbol) ? Next() : throw Error($"expected '{symbol}', found {Peek.Shown}");
    }

    private bool TrySymbol(string symbol)
    {
        if (!Peek.IsSymbol(symbol))
        {
            return false;
        }

        _pos++;
        return true;
    }

    private bool TryWord(string word)
    {
        if (!Peek.Is(word))
        {
            return false;
        }

        _pos++;
        return true;
    }

    private Command Command()
    {
        var keyword = Next();
        var name = keyword.Kind == TokenKind.Name && keyword.Segments is [{ Quoted: false } only] ? only.Text.ToLowerInvariant() : null;
        if (name is not null && NotRunLocally.TryGetValue(keyword.Text, out var why))
        {
            throw Error($"'{keyword.Text}' is a CloudWatch Logs Insights command the local engine does not run: {why}. Run the query on the live log group (--log-group)", keyword);
        }

        var at = keyword.Span;
        return name switch
        {
            "fields" => new FieldsCommand(NamedList(), at),
            "display" => new DisplayCommand(NamedList(), at),
            "filter" => new FilterCommand(Expression(), at),
            "stats" => Stats(at),
            "sort" => Sort(at),
            "limit" => Limit(at),
            "parse" => ParseCommand(at),
            "dedup" => new DedupCommand(FieldList(), at),
            "unnest" => Unnest(at),
            "expand" => new ExpandCommand(Field(), at),
            _ => throw Error($"'{keyword.Text}' is not a command (fields, display, filter, stats, sort, limit, parse, dedup, unnest, expand)", keyword),
        };
    }

    private StatsCommand Stats(SourceSpan at)
    {
        var aggregates = NamedList();
        return new StatsCommand(aggregates, TryWord("by") ? NamedList() : [], at);
    }

    private SortCommand Sort(SourceSpan at)
    {
        var keys = new List<SortKey>();
        do
        {
            var key = Expression();
            var descending = TryWord("desc");
            if (!descending)
            {
                TryWord("asc");
            }

            keys.Add(new SortKey(key, descending));
        }
        while (TrySymbol(","));

        return new SortCommand(keys, at);
    }

    private LimitCommand Limit(SourceSpan at)
    {
        var any = TryWord("any");
        var n = Next();
        return n.Kind == TokenKind.Number && int.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? new LimitCommand(count, any, at)
            : throw Error("limit takes a whole number greater than 0", n);
    }

    private ParseCommand ParseCommand(SourceSpan at)
    {
        var source = Peek.Kind is TokenKind.Regex or TokenKind.String ? FieldExpr.Of("@message") : Postfix();
        var pattern = Next();
        if (pattern.Kind == TokenKind.Regex)
        {
            return new ParseCommand(source, pattern.Text, true, [], pattern.Span, at);
        }

        if (pattern.Kind != TokenKind.String)
        {
            throw Error("parse takes a \"glob with * wildcards\" as names, or a /regex with (?<named> groups)/", pattern);
        }

        if (!TryWord("as"))
        {
            throw Error("expected 'as' and a name for each '*' of the glob");
        }

        var names = FieldList().Select(f => f.Name).ToList();
        var stars = pattern.Text.Count(ch => ch == '*');
        return stars == names.Count ? new ParseCommand(source, pattern.Text, false, names, pattern.Span, at)
            : throw Error($"the glob has {stars} '*' but {names.Count} names follow 'as'", pattern);
    }

    private UnnestCommand Unnest(SourceSpan at)
    {
        var list = Expression();
        if (!TryWord("into"))
        {
            throw Error("expected 'into' and the name of each item");
        }

        return new UnnestCommand(list, Field().Name, at);
    }

    private List<NamedExpr> NamedList()
    {
        var items = new List<NamedExpr>();
        do
        {
            var expr = Expression();
            items.Add(new NamedExpr(expr, TryWord("as") ? Field().Name : null));
        }
        while (TrySymbol(","));

        return items;
    }

    private List<FieldExpr> FieldList()
    {
        var fields = new List<FieldExpr> { Field() };
        while (TrySymbol(","))
        {
            fields.Add(Field());
        }

        return fields;
    }

    private FieldExpr Field()
    {
        var t = Next();
        return t.Kind == TokenKind.Name ? new FieldExpr(t.Segments!, t.Span) : throw Error($"expected a field name, found {t.Shown}", t);
    }

    private Expr Expression() => Or();

    private Expr Or()
    {
        var left = And();
        while (Peek.Is("or") || Peek.IsSymbol("||"))
        {
            _pos++;
            var right = And();
            left = new BinaryExpr("or", left, right, SourceSpan.Between(left.Span, right.Span));
        }

        return left;
    }

    private Expr And()
    {
        var left = Not();
        while (Peek.Is("and"))
        {
            _pos++;
            var right = Not();
            left = new BinaryExpr("and", left, right, SourceSpan.Between(left.Span, right.Span));
        }

        return left;
    }

    private Expr Not()
    {
        if (Peek.Is("not") && !PeekAt(1).Is("like") && !PeekAt(1).Is("in"))
        {
            var not = Next();
            var operand = Not();
            return new UnaryExpr("not", operand, SourceSpan.Between(not.Span, operand.Span));
        }

        return Comparison();
    }

    private Expr Comparison()
    {
        var left = Additive();
        if (Peek.Kind == TokenKind.Symbol && Peek.Text is "=" or "==" or "!=" or "<" or ">" or "<=" or ">=" or "=~")
        {
            var op = Next().Text;
            var right = Additive();
            return new BinaryExpr(op == "==" ? "=" : op, left, right, SourceSpan.Between(left.Span, right.Span));
        }

        var negated = Peek.Is("not") && (PeekAt(1).Is("like") || PeekAt(1).Is("in"));
        if (negated)
        {
            _pos++;
        }

        if (TryWord("like"))
        {
            var right = Additive();
            return new BinaryExpr(negated ? "not like" : "like", left, right, SourceSpan.Between(left.Span, right.Span));
        }

        if (Peek.Is("in"))
        {
            var inToken = Next();
            var list = Primary();
            return list is ListExpr
                ? new BinaryExpr(negated ? "not in" : "in", left, list, SourceSpan.Between(left.Span, list.Span))
                : throw Error("'in' takes a list: [\"a\", \"b\", 3]", inToken);
        }

        return negated ? throw Error("expected 'like' or 'in' after 'not'") : left;
    }

    private Expr Additive()
    {
        var left = Multiplicative();
        while (Peek.Kind == TokenKind.Symbol && Peek.Text is "+" or "-")
        {
            var op = Next().Text;
            var right = Multiplicative();
            left = new BinaryExpr(op, left, right, SourceSpan.Between(left.Span, right.Span));
        }

        return left;
    }

    private Expr Multiplicative()
    {
        var left = Unary();
        while (Peek.Kind == TokenKind.Symbol && Peek.Text is "*" or "/" or "%")
        {
            var op = Next().Text;
            var right = Unary();
            left = new BinaryExpr(op, left, right, SourceSpan.Between(left.Span, right.Span));
        }

        return left;
    }

    private Expr Unary()
    {
        if (Peek.IsSymbol("-"))
        {
            var minus = Next();
            var operand = Unary();
            return new UnaryExpr("-", operand, SourceSpan.Between(minus.Span, operand.Span));
        }

        var left = Postfix();
        if (Peek.IsSymbol("^"))
        {
            _pos++;
            var right = Unary();
            return new BinaryExpr("^", left, right, SourceSpan.Between(left.Span, right.Span));
        }

        return left;
    }

    /// <summary>A primary followed by any <c>[index]</c> and <c>.attribute</c>.</summary>
    private Expr Postfix()
    {
        var expr = Primary();
        while (true)
        {
            if (Peek.IsSymbol("["))
            {
                _pos++;
                var index = Expression();
                var close = Expect("]");
                expr = new IndexExpr(expr, index, SourceSpan.Between(expr.Span, close.Span));
            }
            else if (Peek.IsSymbol(".") && expr is IndexExpr or MemberExpr && PeekAt(1).Kind == TokenKind.Name)
            {
                _pos++;
                var name = Next();
                expr = new MemberExpr(expr, name.Segments!, SourceSpan.Between(expr.Span, name.Span));
            }
            else
            {
                return expr;
            }
        }
    }

    private Expr Primary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.String:
                return new StringExpr(t.Text, t.Span);
            case TokenKind.Regex:
                return new RegexExpr(t.Text, t.Span);
            case TokenKind.Number:
                return new NumberExpr(double.Parse(t.Text, CultureInfo.InvariantCulture), t.Text, t.Span);
            case TokenKind.Duration:
                var digits = new string(t.Text.TakeWhile(char.IsAsciiDigit).ToArray());
                return digits.Length > 0 && digits.Length == t.Text.TakeWhile(ch => !char.IsAsciiLetter(ch)).Count()
                       && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                    ? new DurationExpr(amount, t.Text[digits.Length..], t.Text, t.Span)
                    : throw Error($"'{t.Text}' is not a period (a whole number and a unit: 5m, 1h, 30s)", t);
            case TokenKind.Symbol when t.Text == "(":
                var inner = Expression();
                Expect(")");
                return inner;
            case TokenKind.Symbol when t.Text == "[":
                var items = new List<Expr>();
                if (!Peek.IsSymbol("]"))
                {
                    do
                    {
                        items.Add(Expression());
                    }
                    while (TrySymbol(","));
                }

                var close = Expect("]");
                return new ListExpr(items, SourceSpan.Between(t.Span, close.Span));
            case TokenKind.Name when Peek.IsSymbol("("):
                return Call(t);
            case TokenKind.Name:
                return new FieldExpr(t.Segments!, t.Span);
            default:
                throw Error($"expected a field, a value or a function, found {t.Shown}", t);
        }
    }

    private CallExpr Call(Token name)
    {
        if (name.Segments is not [{ Quoted: false }])
        {
            throw Error($"'{name.Text}' is not a function name", name);
        }

        _pos++; // (
        if (Peek.IsSymbol("*") && PeekAt(1).IsSymbol(")"))
        {
            _pos++;
            var star = Next();
            return new CallExpr(name.Text.ToLowerInvariant(), [], true, name.Span, SourceSpan.Between(name.Span, star.Span));
        }

        var args = new List<Expr>();
        if (!Peek.IsSymbol(")"))
        {
            do
            {
                args.Add(Expression());
            }
            while (TrySymbol(","));
        }

        var close = Expect(")");
        return new CallExpr(name.Text.ToLowerInvariant(), args, false, name.Span, SourceSpan.Between(name.Span, close.Span));
    }
}
