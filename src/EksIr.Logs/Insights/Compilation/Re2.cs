namespace EksIr.Logs.Insights;

/// <summary>
/// A Logs Insights regular expression for DuckDB's RE2: named groups written <c>(?&lt;name&gt;…)</c> become
/// <c>(?P&lt;name&gt;…)</c>; and the number of each named group among all capturing groups, since an unnamed group
/// before a named one shifts it (<c>(exec\?command=*)(?&lt;command&gt;…)</c>: command is group 2).
/// </summary>
internal static class Re2
{
    public static string From(string pattern)
    {
        var text = new System.Text.StringBuilder(pattern.Length + 8);
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length)
            {
                text.Append(pattern[i]).Append(pattern[++i]);
            }
            else if (string.CompareOrdinal(pattern, i, "(?<", 0, 3) == 0 && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!'))
            {
                text.Append("(?P<");
                i += 2;
            }
            else
            {
                text.Append(pattern[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>Each named group's number among the capturing groups, in order.</summary>
    public static IReadOnlyList<(string Name, int Group)> NamedGroups(string pattern)
    {
        var named = new List<(string, int)>();
        var number = 0;
        foreach (var name in Groups(pattern))
        {
            number++;
            if (name is not null)
            {
                named.Add((name, number));
            }
        }

        return named;
    }

    /// <summary>The capturing groups in order of their openings: each one's name, or null (escapes and [classes] skipped).</summary>
    private static IEnumerable<string?> Groups(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i++;
            }
            else if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    i++; // a ']' right after '[' or '[^' is a member
                }
            }
            else if (c == '(')
            {
                if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                {
                    var rest = pattern.AsSpan(i + 2);
                    var open = rest.StartsWith("P<") ? 2 : rest.StartsWith("<") && rest.Length > 1 && rest[1] is not ('=' or '!') ? 1 : 0;
                    if (open > 0)
                    {
                        var start = i + 2 + open;
                        var end = pattern.IndexOf('>', start);
                        yield return end > start ? pattern[start..end] : null;
                    }
                }
                else
                {
                    yield return null;
                }
            }
        }
    }
}
