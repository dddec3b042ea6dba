using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EksIr.NotebookRunner;

/// <summary>
/// Papermill-style parameters for C# notebooks. The cell tagged <c>parameters</c> declares defaults
/// (<c>var evidence = "../sample-data";</c>, <c>int days = 7;</c>); <c>-p name=value</c> values are written as a
/// new cell, tagged <c>injected-parameters</c>, right after it, with each value typed as its default is.
/// </summary>
public static partial class NotebookParameters
{
    [GeneratedRegex(@"^\s*(?<type>var|string|int|long|double|decimal|bool)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>.+?)\s*;\s*(//.*)?$", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    /// <summary>The declared parameters of a parameters cell: name → C# type (<c>string</c>, <c>int</c>, …).</summary>
    public static IReadOnlyDictionary<string, string> Declared(string parametersCell)
    {
        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Declaration().Matches(parametersCell))
        {
            var type = m.Groups["type"].Value;
            declared[m.Groups["name"].Value] = type == "var" ? InferType(m.Groups["value"].Value) : type;
        }

        return declared;
    }

    /// <summary>The injected cell's C# source; a name the parameters cell does not declare, or a value that does not fit its type, is refused.</summary>
    public static string InjectedCell(IReadOnlyList<KeyValuePair<string, string>> values, IReadOnlyDictionary<string, string> declared)
    {
        var code = new StringBuilder("// Parameters injected by eksir run\n");
        foreach (var (name, value) in values)
        {
            if (!Identifier().IsMatch(name))
            {
                throw new NotebookParameterException($"parameter '{name}' is not a C# identifier");
            }

            if (!declared.TryGetValue(name, out var type))
            {
                // A misspelt parameter (evidnce=) would leave the notebook on its default: the bundled sample data.
                throw new NotebookParameterException(declared.Count == 0
                    ? $"parameter '{name}': the notebook declares no parameters (no cell tagged 'parameters')"
                    : $"parameter '{name}' is not declared in the notebook's parameters cell; it takes {string.Join(", ", declared.Keys.Order(StringComparer.Ordinal))}");
            }

            code.Append(CultureInfo.InvariantCulture, $"var {name} = {Literal(name, type, value)};\n");
        }

        return code.ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    private static string InferType(string literal) => literal switch
    {
        _ when literal.StartsWith('"') || literal.StartsWith("@\"") || literal.StartsWith("$\"") => "string",
        "true" or "false" => "bool",
        _ when int.TryParse(literal, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) => "int",
        _ when long.TryParse(literal.TrimEnd('L', 'l'), NumberStyles.Integer, CultureInfo.InvariantCulture, out _) => "long",
        _ when double.TryParse(literal.TrimEnd('d', 'D'), NumberStyles.Float, CultureInfo.InvariantCulture, out _) => "double",
        _ => "string",
    };

    private static string Literal(string name, string type, string value)
    {
        bool ok;
        string literal;
        switch (type)
        {
            case "int":
                ok = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i);
                literal = i.ToString(CultureInfo.InvariantCulture);
                break;
            case "long":
                ok = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l);
                literal = l.ToString(CultureInfo.InvariantCulture) + "L";
                break;
            case "double":
                ok = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d);
                literal = d.ToString("R", CultureInfo.InvariantCulture) + "d";
                break;
            case "decimal":
                ok = decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var m);
                literal = m.ToString(CultureInfo.InvariantCulture) + "m";
                break;
            case "bool":
                ok = bool.TryParse(value, out var b);
                literal = b ? "true" : "false";
                break;
            default:
                return StringLiteral(value);
        }

        return ok ? literal : throw new NotebookRunException($"parameter '{name}' is declared {type}, but '{value}' is not a valid {type}");
    }

    private static string StringLiteral(string value)
    {
        var s = new StringBuilder("\"");
        foreach (var c in value)
        {
            s.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return s.Append('"').ToString();
    }
}
