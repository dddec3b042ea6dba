using System.Buffers;

namespace EksIr.Memory;

/// <summary>
/// Fast finders for the built-in indicators: a vectorised search for what each must contain ("://", a key prefix, a
/// top-level domain, a dot between digits) finds the few candidates, and only those are checked — by the same
/// rules as <see cref="IocPatterns"/>' regular expressions, which check the window around each candidate.
/// </summary>
internal static class IocFinders
{
    private static readonly SearchValues<string> KeyPrefixes = SearchValues.Create(
        ["AKIA", "ASIA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "AGPA", "APKA", "ABIA", "ACCA"], StringComparison.Ordinal);

    private static readonly SearchValues<string> TopLevelDomains = SearchValues.Create(
        [".com", ".net", ".org", ".io", ".info", ".biz", ".xyz", ".top", ".ru", ".cn", ".su", ".tk", ".pw", ".cc", ".co", ".me", ".onion",
         ".site", ".online", ".club", ".live", ".shop"], StringComparison.Ordinal);

    private static readonly SearchValues<char> Base32 = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
    private static readonly SearchValues<char> HostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");

    public delegate void Found(int index, int length);

    public static void Urls(ReadOnlySpan<char> text, Found found)
    {
        var pattern = IocPatterns.Url();
        var next = 0;
        for (var offset = 0; ;)
        {
            var i = text[offset..].IndexOf("://", StringComparison.Ordinal);
            if (i < 0)
            {
                return;
            }

            var at = offset + i;
            offset = at + 3;
            var start = Math.Max(Math.Max(0, at - 16), next);
            var window = text.Slice(start, Math.Min(text.Length - start, 16 + 3 + 2048));
            foreach (var match in pattern.EnumerateMatches(window))
            {
                if (start + match.Index <= at)
                {
                    found(start + match.Index, match.Length);
                    next = start + match.Index + match.Length;
                    offset = Math.Max(offset, next);
                }

                break;
            }
        }
    }

    public static void AwsAccessKeyIds(ReadOnlySpan<char> text, Found found)
    {
        var span = text;
        for (var offset = 0; ;)
        {
            var i = span[offset..].IndexOfAny(KeyPrefixes);
            if (i < 0)
            {
                return;
            }

            var at = offset + i;
            offset = at + 1;
            if (at + 20 > text.Length || span.Slice(at + 4, 16).ContainsAnyExcept(Base32))
            {
                continue;
            }

            if ((at > 0 && IsUpperOrDigit(text[at - 1])) || (at + 20 < text.Length && IsUpperOrDigit(text[at + 20])))
            {
                continue;
            }

            found(at, 20);
            offset = at + 20;
        }
    }

    public static void Domains(ReadOnlySpan<char> text, Found found)
    {
        var pattern = IocPatterns.Domain();
        var span = text;
        var reported = 0;
        for (var offset = 0; ;)
        {
            var i = span[offset..].IndexOfAny(TopLevelDomains);
            if (i < 0)
            {
                return;
            }

            var dot = offset + i;
            offset = dot + 1;
            // The name ends where host characters end; it starts where they start (at most 253 back).
            var end = dot + 1;
            while (end < text.Length && end - dot < 64 && HostChars.Contains(text[end]))
            {
                end++;
            }

            var start = dot;
            while (start > 0 && dot - start < 253 && HostChars.Contains(text[start - 1]))
            {
                start--;
            }

            start = Math.Max(start, reported);
            if (start >= dot)
            {
                continue;
            }

            foreach (var match in pattern.EnumerateMatches(text.Slice(start, end - start)))
            {
                found(start + match.Index, match.Length);
                reported = start + match.Index + match.Length;
            }

            offset = Math.Max(offset, end);
        }
    }

    public static void Ipv4(ReadOnlySpan<char> text, Found found)
    {
        var span = text;
        for (var offset = 0; ;)
        {
            var i = span[offset..].IndexOf('.');
            if (i < 0)
            {
                return;
            }

            var dot = offset + i;
            offset = dot + 1;
            if (dot == 0 || dot + 1 >= text.Length || !char.IsAsciiDigit(text[dot - 1]) || !char.IsAsciiDigit(text[dot + 1]))
            {
                continue;
            }

            // The run of digits and dots around it, as the regex's lookarounds see it.
            var start = dot;
            while (start > 0 && (char.IsAsciiDigit(text[start - 1]) || text[start - 1] == '.'))
            {
                start--;
            }

            var end = dot;
            while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
            {
                end++;
            }

            foreach (var match in IocPatterns.Ipv4().EnumerateMatches(text.Slice(start, end - start)))
            {
                found(start + match.Index, match.Length);
            }

            offset = end;
        }
    }

    private static bool IsUpperOrDigit(char c) => c is >= 'A' and <= 'Z' or >= '0' and <= '9';
}
