namespace EksIr.Investigation.Timeline.Sources;

/// <summary>
/// The key=value pairs of a logrus line (aws-iam-authenticator: <c>time="…" level=info msg="access granted" arn="…"</c>)
/// or a klog structured line (<c>"Successfully bound pod to node" pod="default/x" node="ip-…"</c>), quoted values unescaped.
/// </summary>
public static class KeyValues
{
    public static Dictionary<string, string> Parse(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < line.Length)
        {
            var eq = line.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var keyStart = eq;
            while (keyStart > i && (char.IsAsciiLetterOrDigit(line[keyStart - 1]) || line[keyStart - 1] is '_' or '.'))
            {
                keyStart--;
            }

            var key = line[keyStart..eq];
            var (value, next) = Value(line, eq + 1);
            if (key.Length > 0 && (keyStart == 0 || line[keyStart - 1] == ' '))
            {
                fields.TryAdd(key, value);
            }

            i = Math.Max(next, eq + 1);
        }

        return fields;
    }

    /// <summary>A klog line's message: after the <c>file.go:123]</c> header, the quoted message unquoted.</summary>
    public static string KlogMessage(string line)
    {
        var bracket = line.IndexOf("] ", StringComparison.Ordinal);
        var text = bracket >= 0 ? line[(bracket + 2)..] : line;
        return text.Length > 0 && text[0] == '"' ? Value(text, 0).Value + text[Value(text, 0).Next..] : text;
    }

    private static (string Value, int Next) Value(string line, int at)
    {
        if (at < line.Length && line[at] == '"')
        {
            var value = new System.Text.StringBuilder();
            var j = at + 1;
            for (; j < line.Length && line[j] != '"'; j++)
            {
                if (line[j] == '\\' && j + 1 < line.Length)
                {
                    j++;
                }

                value.Append(line[j]);
            }

            return (value.ToString(), Math.Min(j + 1, line.Length));
        }

        var end = line.IndexOf(' ', at);
        end = end < 0 ? line.Length : end;
        return (line[at..end], end);
    }
}
