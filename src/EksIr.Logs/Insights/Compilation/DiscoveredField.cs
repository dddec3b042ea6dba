namespace EksIr.Logs.Insights;

/// <summary>
/// A field discovered in a JSON message, as CloudWatch names it: the keys from the top joined by dots, an array's items
/// by their index (<c>user.extra.arn.0</c>), a top-level key starting with '@' shown with a second '@'. A key may itself
/// hold dots (the audit annotation <c>authorization.k8s.io/decision</c> makes
/// <c>annotations.authorization.k8s.io/decision</c>), so a name is tried as every way of cutting it into keys at its
/// dots: first every dot a separator, then with one dot inside a key, then two … (at most <see cref="MaxPaths"/> paths).
/// </summary>
internal static class DiscoveredField
{
    public const int MaxPaths = 64;

    /// <summary>The SQL of the field's value (NULL where the event has no such field or is not JSON).</summary>
    public static string Sql(string name) => $"(CASE WHEN {InsightsSql.Quote(LogsTable.JsonFlag)} THEN {Extract("json_extract_string", name)} END)";

    /// <summary>The same value read from another expression holding the message, whose being a JSON object is <paramref name="isJson"/>.</summary>
    public static string Sql(string name, string message, string isJson) => $"(CASE WHEN {isJson} THEN {Extract("json_extract_string", name, message)} END)";

    /// <summary>
    /// The same value from <paramref name="list"/>, the result of one <c>json_extract_string(message, [paths…])</c> over
    /// <paramref name="paths"/> (which hold every path of the field): the first of the field's paths that is there.
    /// </summary>
    public static string FromExtracted(string name, IList<string> paths, string list)
    {
        var at = Paths(name).Select(p => $"{list}[{paths.IndexOf(p) + 1}]").ToList();
        return at.Count == 1 ? at[0] : $"coalesce({string.Join(", ", at)})";
    }

    /// <summary>The field's JSON value (a list stays a list), for unnest and expand.</summary>
    public static string Json(string name) => $"(CASE WHEN {InsightsSql.Quote(LogsTable.JsonFlag)} THEN {Extract("json_extract", name)} END)";

    private static string Extract(string function, string name, string message = "\"@message\"")
    {
        var paths = Paths(name).Select(p => $"{function}({message}, {InsightsSql.Literal(p)})").ToList();
        return paths.Count == 1 ? paths[0] : $"coalesce({string.Join(", ", paths)})";
    }

    public static IEnumerable<string> Paths(string name) => KeyPaths(name).Select(InsightsSql.JsonPath);

    /// <summary>The ways of reading the field, each as its keys from the top (a key of digits only is an array index), in the order they are tried.</summary>
    public static IEnumerable<IReadOnlyList<string>> KeyPaths(string name)
    {
        var flattened = name.StartsWith("@@", StringComparison.Ordinal) ? name[1..] : name;
        var parts = flattened.Split('.');
        var dots = parts.Length - 1;
        var produced = 0;
        for (var merged = 0; merged <= dots && produced < MaxPaths; merged++)
        {
            foreach (var joined in Choose(dots, merged))
            {
                if (produced++ >= MaxPaths)
                {
                    yield break;
                }

                yield return Keys(parts, joined);
            }
        }
    }

    /// <summary>The keys when the dots in <paramref name="joined"/> are inside keys and the others separate them.</summary>
    private static List<string> Keys(string[] parts, HashSet<int> joined)
    {
        var keys = new List<string> { parts[0] };
        for (var i = 1; i < parts.Length; i++)
        {
            if (joined.Contains(i - 1))
            {
                keys[^1] += "." + parts[i];
            }
            else
            {
                keys.Add(parts[i]);
            }
        }

        return keys;
    }

    /// <summary>Every set of <paramref name="k"/> dots out of <paramref name="n"/>, leftmost first.</summary>
    private static IEnumerable<HashSet<int>> Choose(int n, int k)
    {
        var chosen = new int[k];
        for (var i = 0; i < k; i++)
        {
            chosen[i] = i;
        }

        while (true)
        {
            yield return [.. chosen];
            var j = k - 1;
            while (j >= 0 && chosen[j] == n - k + j)
            {
                j--;
            }

            if (j < 0)
            {
                yield break;
            }

            chosen[j]++;
            for (var i = j + 1; i < k; i++)
            {
                chosen[i] = chosen[i - 1] + 1;
            }
        }
    }
}
