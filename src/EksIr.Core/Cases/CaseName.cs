using System.Text.RegularExpressions;

namespace EksIr.Core.Cases;

/// <summary>A case identifier such as INC-2026-001; it names the case folder, so it is restricted to safe characters.</summary>
public static partial class CaseName
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Valid();

    public static string Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CaseException("a case needs a name (--name), for example INC-2026-001");
        }

        if (!Valid().IsMatch(name) || name.Contains(".."))
        {
            throw new CaseException($"case name '{name}' may use only letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)");
        }

        return name;
    }
}
