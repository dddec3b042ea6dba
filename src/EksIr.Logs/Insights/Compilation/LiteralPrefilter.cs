using System.Globalization;

namespace EksIr.Logs.Insights;

/// <summary>
/// Text that every event a query can return must hold in its raw line, from the query's leading filters: a one-shot
/// scan keeps only the lines holding it before any JSON is parsed. It is never more than a necessary condition — the
/// query's own filters still decide — so it is taken only where it cannot drop an answer:
/// <list type="bullet">
/// <item>filters before the first command that drops, groups or multiplies rows (stats, limit, dedup, unnest, expand);</item>
/// <item>on <c>@message</c>, on fields of the event, or on fields a parse cut from them (a substring of the event's text),
/// never on <c>@logStream</c>, <c>@timestamp</c> and the like (not in the line) nor on a field made by <c>fields … as</c>;</item>
/// <item><c>=</c>, <c>in</c>, <c>like "text"</c> and <c>like /regex/</c> when the text is plain, case-sensitive and made only of
/// characters no JSON writer escapes (ASCII letters, digits, <c>- _ . :</c> and space; a regex without <c>.</c>) and does not
/// read as a number (a JSON number may be written another way);</item>
/// <item><c>and</c> needs both sides; <c>or</c> and <c>in</c> need any one, when every side has a text; <c>not</c> gives nothing.</item>
/// </list>
/// </summary>
public static class LiteralPrefilter
{
    /// <summary>What a line must hold: every group, and in each group any one of its texts.</summary>
    public sealed record Need(IReadOnlyList<IReadOnlyList<string>> AllOf)
    {
        /// <summary>The texts as an analyst reads them: "exec" and ("create" or "delete").</summary>
        public string Describe() =>
            string.Join(" and ", AllOf.Select(any => any.Count == 1 ? Quote(any[0]) : "(" + string.Join(" or ", any.Select(Quote)) + ")"));

        private static string Quote(string text) => $"\"{text}\"";
    }

    /// <summary>The texts every answer's line holds; null when the query gives none that is safe.</summary>
    public static Need? For(string query) => For(InsightsParser.Parse(query));

    public static Need? For(IReadOnlyList<Command> commands)
    {
        var all = new List<IReadOnlyList<string>>();
        foreach (var (condition, created, cut) in LeadingFilters.Of(commands))
        {
            all.AddRange(Needs(condition, created, cut) ?? []);
        }

        return Of(all);
    }

    private static Need? Of(List<IReadOnlyList<string>> all) => all.Count == 0 ? null : new Need(all);

    /// <summary>The groups a condition needs (all of them), or null when it needs nothing a line must hold.</summary>
    private static List<IReadOnlyList<string>>? Needs(Expr condition, IReadOnlySet<string> created, IReadOnlySet<string> cut)
    {
        switch (condition)
        {
            case BinaryExpr { Operator: "and" } b:
                var both = new List<IReadOnlyList<string>>();
                both.AddRange(Needs(b.Left, created, cut) ?? []);
                both.AddRange(Needs(b.Right, created, cut) ?? []);
                return both.Count == 0 ? null : both;
            case BinaryExpr { Operator: "or" } b:
                // Either side: a line holds any text of one group of the left or of the right — kept simple: one group a side.
                return Needs(b.Left, created, cut) is [var left] && Needs(b.Right, created, cut) is [var right] ? [[.. left, .. right]] : null;
            case BinaryExpr { Operator: "=" or "like" } b when Readable(b.Left, created, cut) && Text(b.Right, b.Operator) is { } text:
                return [[text]];
            case BinaryExpr { Operator: "in", Right: ListExpr list } b when Readable(b.Left, created, cut) && list.Items.Count > 0:
                var texts = list.Items.Select(i => Text(i, "=")).ToList();
                return texts.All(t => t is not null) ? [texts!] : null;
            default:
                return null;
        }
    }

    /// <summary>Whether a field's value is text of the event's line: @message, a field of the event, or a part a parse cut from one.</summary>
    private static bool Readable(Expr e, IReadOnlySet<string> created, IReadOnlySet<string> cut) =>
        e is FieldExpr f && !created.Contains(f.Name) && (f.Name == "@message" || cut.Contains(f.Name) || !f.Name.StartsWith('@'));

    /// <summary>The plain text a right-hand side must find in the line; null when it has none that is safe.</summary>
    private static string? Text(Expr e, string op)
    {
        var text = e switch
        {
            StringExpr s => s.Value,
            RegexExpr r when op == "like" => PlainRegex(r.Pattern),
            _ => null,
        };
        return text is { Length: > 0 } && text.All(Safe) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? text : null;
    }

    /// <summary>A regex that is plain text (anchors aside), as that text; null for any other.</summary>
    private static string? PlainRegex(string pattern)
    {
        var body = pattern.TrimStart('^').TrimEnd('$');
        return body.Contains('.', StringComparison.Ordinal) ? null : body;
    }

    private static bool Safe(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ':' or ' ';
}
