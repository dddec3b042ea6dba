using System.Text;

namespace EksIr.Logs.Insights;

/// <summary>Splits a Logs Insights query into tokens: words and field names (dotted, @-prefixed or `back-quoted`),
/// "strings" or 'strings', numbers and durations (5m), /regexes/, operators, and the pipes between commands.</summary>
public static class InsightsLexer
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "=~", "=", "<", ">", "(", ")", ",", "[", "]", "*", "+", "-", "/", "%", "^"];

    public static List<Token> Tokens(string query)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '#' && (i == 0 || query[i - 1] == '\n' || LineIsBlankBefore(query, i)))
            {
                while (i < query.Length && query[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            var start = i;
            if (c == '|')
            {
                tokens.Add(new Token(TokenKind.Pipe, "|", i++));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(new Token(TokenKind.String, Quoted(query, ref i, c), start));
            }
            else if (c == '`')
            {
                var end = query.IndexOf('`', i + 1);
                if (end < 0)
                {
                    throw Error(query, i, "a `quoted field name` is not closed");
                }

                tokens.Add(new Token(TokenKind.Field, query[(i + 1)..end], start));
                i = end + 1;
            }
            else if (c == '/' && RegexExpected(tokens))
            {
                tokens.Add(new Token(TokenKind.Regex, RegexBody(query, ref i), start));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < query.Length && char.IsDigit(query[i + 1])))
            {
                while (i < query.Length && (char.IsDigit(query[i]) || query[i] == '.'))
                {
                    i++;
                }

                while (i < query.Length && char.IsLetter(query[i]))
                {
                    i++; // a duration unit: 5m, 1h, 30s, 1d
                }

                tokens.Add(new Token(TokenKind.Number, query[start..i], start));
            }
            else if (char.IsLetter(c) || c is '@' or '_' or '$')
            {
                while (i < query.Length && (char.IsLetterOrDigit(query[i]) || query[i] is '_' or '.' or '@' or '$' or '-' && FieldContinues(query, i)))
                {
                    i++;
                }

                var text = query[start..i];
                tokens.Add(new Token(text.Contains('.') || text.StartsWith('@') ? TokenKind.Field : TokenKind.Word, text, start));
            }
            else if (Operators.FirstOrDefault(o => string.CompareOrdinal(query, i, o, 0, o.Length) == 0) is { } op)
            {
                tokens.Add(new Token(TokenKind.Symbol, op, start));
                i += op.Length;
            }
            else
            {
                throw Error(query, i, $"unexpected character '{c}'");
            }
        }

        tokens.Add(new Token(TokenKind.End, "", query.Length));
        return tokens;
    }

    public static (int Line, int Column) Position(string query, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < Math.Min(offset, query.Length); i++)
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

        return (line, column);
    }

    public static InsightsSyntaxException Error(string query, int offset, string message)
    {
        var (line, column) = Position(query, offset);
        return new InsightsSyntaxException(message, line, column);
    }

    /// <summary>A '-' inside a name only between letters or digits (kube-apiserver-audit), never before a space or digit-only minus.</summary>
    private static bool FieldContinues(string query, int i) =>
        query[i] != '-' || (i + 1 < query.Length && char.IsLetter(query[i + 1]) && i > 0 && char.IsLetterOrDigit(query[i - 1]));

    private static bool LineIsBlankBefore(string query, int i)
    {
        for (var j = i - 1; j >= 0 && query[j] != '\n'; j--)
        {
            if (!char.IsWhiteSpace(query[j]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A '/' starts a regex where an operand is expected (after like, =~, =, (, [, a comma, or parse's field).</summary>
    private static bool RegexExpected(List<Token> tokens)
    {
        if (tokens.Count == 0)
        {
            return true;
        }

        var last = tokens[^1];
        return last.Kind switch
        {
            TokenKind.Word => last.Text.Equals("like", StringComparison.OrdinalIgnoreCase) || last.Text.Equals("parse", StringComparison.OrdinalIgnoreCase),
            TokenKind.Symbol => last.Text is "=~" or "=" or "==" or "!=" or "(" or "[" or ",",
            TokenKind.Field or TokenKind.Word when tokens.Count >= 2 => tokens[^2].Text.Equals("parse", StringComparison.OrdinalIgnoreCase),
            TokenKind.Pipe => true,
            _ => tokens.Count >= 2 && tokens[^2].Text.Equals("parse", StringComparison.OrdinalIgnoreCase),
        };
    }

    private static string Quoted(string query, ref int i, char quote)
    {
        var text = new StringBuilder();
        var start = i;
        for (i++; i < query.Length; i++)
        {
            if (query[i] == '\\' && i + 1 < query.Length)
            {
                i++;
                text.Append(query[i] switch { 'n' => '\n', 't' => '\t', _ => query[i] });
            }
            else if (query[i] == quote)
            {
                i++;
                return text.ToString();
            }
            else
            {
                text.Append(query[i]);
            }
        }

        throw Error(query, start, "a string is not closed");
    }

    private static string RegexBody(string query, ref int i)
    {
        var start = i;
        var text = new StringBuilder();
        for (i++; i < query.Length; i++)
        {
            if (query[i] == '\\' && i + 1 < query.Length && query[i + 1] == '/')
            {
                text.Append('/');
                i++;
            }
            else if (query[i] == '\\' && i + 1 < query.Length)
            {
                text.Append(query[i]).Append(query[i + 1]);
                i++;
            }
            else if (query[i] == '/')
            {
                i++;
                return text.ToString();
            }
            else
            {
                text.Append(query[i]);
            }
        }

        throw Error(query, start, "a /regular expression/ is not closed");
    }
}
