using System.Text;

namespace EksIr.Logs.Insights;

/// <summary>
/// Splits a Logs Insights query into tokens: names (identifiers joined by dots, any part of which may be `backticked`),
/// "strings" or 'strings', numbers, durations (5m, 1hrs), /regexes/, operators and the pipes between commands. A '/'
/// starts a regex wherever an operand is expected (after an operator, a keyword, a pipe, or parse's field) and is a
/// division after an operand. A '-' is never part of a name: <c>f3-f4</c> is a subtraction, <c>`foo-bar`</c> a field.
/// Lines starting with '#' are comments. Errors point at the character concerned.
/// </summary>
public static class InsightsLexer
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "=~", "||", "=", "<", ">", "(", ")", ",", "[", "]", "*", "+", "-", "/", "%", "^", "."];

    /// <summary>Words after which an operand, never a division, comes.</summary>
    private static readonly HashSet<string> OperandFollows = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "not", "like", "in", "by", "as", "parse", "filter", "fields", "display", "stats", "sort", "dedup", "limit", "unnest", "expand",
    };

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
            }
            else if (c == '#' && LineIsBlankBefore(query, i))
            {
                while (i < query.Length && query[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '|' && !(i + 1 < query.Length && query[i + 1] == '|'))
            {
                tokens.Add(new Token(TokenKind.Pipe, "|", new SourceSpan(i++, 1)));
            }
            else if (c is '"' or '\'')
            {
                var start = i;
                var text = Quoted(query, ref i, c);
                tokens.Add(new Token(TokenKind.String, text, new SourceSpan(start, i - start)));
            }
            else if (c == '`' || IsNameStart(c))
            {
                tokens.Add(Name(query, ref i));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < query.Length && char.IsAsciiDigit(query[i + 1]) && !EndsOperand(tokens)))
            {
                tokens.Add(Number(query, ref i));
            }
            else if (c == '/' && RegexExpected(tokens))
            {
                var start = i;
                var body = RegexBody(query, ref i);
                tokens.Add(new Token(TokenKind.Regex, body, new SourceSpan(start, i - start)));
            }
            else if (Operators.FirstOrDefault(o => string.CompareOrdinal(query, i, o, 0, o.Length) == 0) is { } op)
            {
                tokens.Add(new Token(TokenKind.Symbol, op, new SourceSpan(i, op.Length)));
                i += op.Length;
            }
            else
            {
                throw InsightsSyntaxException.At(query, new SourceSpan(i, 1), $"unexpected character '{c}'");
            }
        }

        tokens.Add(new Token(TokenKind.End, "", new SourceSpan(query.Length, 0)));
        return tokens;
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c is '_' or '@' or '$';

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c is '_' or '@' or '$';

    /// <summary>A name: segments joined by '.', each an identifier, a run of digits (an array index) or a `backticked` name.</summary>
    private static Token Name(string query, ref int i)
    {
        var start = i;
        var segments = new List<NameSegment>();
        while (true)
        {
            if (query[i] == '`')
            {
                var end = query.IndexOf('`', i + 1);
                if (end < 0)
                {
                    throw InsightsSyntaxException.At(query, new SourceSpan(i, 1), "a `backticked name` is not closed");
                }

                segments.Add(new NameSegment(query[(i + 1)..end], true));
                i = end + 1;
            }
            else
            {
                var from = i;
                while (i < query.Length && IsNamePart(query[i]))
                {
                    i++;
                }

                segments.Add(new NameSegment(query[from..i], false));
            }

            if (i + 1 < query.Length && query[i] == '.' && (IsNamePart(query[i + 1]) || query[i + 1] == '`'))
            {
                i++;
                continue;
            }

            if (i + 1 < query.Length && query[i] == '.' && query[i + 1] is '"' or '\'')
            {
                throw InsightsSyntaxException.At(query, new SourceSpan(i + 1, 1),
                    "a key of a field name is quoted with backticks, not quotation marks: write the whole name in backticks (`annotations.authorization.k8s.io/decision`) or the key (e.`user.id`)");
            }

            break;
        }

        var text = string.Join('.', segments.Select(s => s.Text));
        return new Token(TokenKind.Name, text, new SourceSpan(start, i - start), segments);
    }

    private static Token Number(string query, ref int i)
    {
        var start = i;
        while (i < query.Length && char.IsAsciiDigit(query[i]))
        {
            i++;
        }

        if (i + 1 < query.Length && query[i] == '.' && char.IsAsciiDigit(query[i + 1]))
        {
            for (i++; i < query.Length && char.IsAsciiDigit(query[i]); i++)
            {
            }
        }

        var numberEnd = i;
        while (i < query.Length && char.IsAsciiLetter(query[i]))
        {
            i++; // a time unit: 5m, 1h, 30s, 1hrs
        }

        return new Token(i > numberEnd ? TokenKind.Duration : TokenKind.Number, query[start..i], new SourceSpan(start, i - start));
    }

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

    /// <summary>Whether the last token ends an operand (so that a '/' after it divides).</summary>
    private static bool EndsOperand(List<Token> tokens) =>
        tokens.Count > 0 && tokens[^1] switch
        {
            { Kind: TokenKind.Name } name => !(name.Segments is [{ Quoted: false } word] && OperandFollows.Contains(word.Text))
                                             && !(tokens.Count >= 2 && tokens[^2].Is("parse")),
            { Kind: TokenKind.String or TokenKind.Number or TokenKind.Duration or TokenKind.Regex } => true,
            { Kind: TokenKind.Symbol, Text: ")" or "]" } => true,
            _ => false,
        };

    private static bool RegexExpected(List<Token> tokens) => !EndsOperand(tokens);

    private static string Quoted(string query, ref int i, char quote)
    {
        var text = new StringBuilder();
        var start = i;
        for (i++; i < query.Length; i++)
        {
            if (query[i] == '\\' && i + 1 < query.Length)
            {
                i++;
                text.Append(query[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => query[i] });
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

        throw InsightsSyntaxException.At(query, new SourceSpan(start, 1), "a string is not closed");
    }

    private static string RegexBody(string query, ref int i)
    {
        var start = i;
        var text = new StringBuilder();
        for (i++; i < query.Length; i++)
        {
            if (query[i] == '\\' && i + 1 < query.Length)
            {
                if (query[i + 1] != '/')
                {
                    text.Append('\\');
                }

                text.Append(query[++i]);
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

        throw InsightsSyntaxException.At(query, new SourceSpan(start, 1), "a /regular expression/ is not closed");
    }
}
