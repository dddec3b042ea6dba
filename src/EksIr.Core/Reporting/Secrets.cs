using System.Buffers;
using System.Text.RegularExpressions;

namespace EksIr.Core.Reporting;

/// <summary>
/// The one redaction pass every output goes through (renderers, exports, the journal, errors): credentials that
/// evidence or a service's answer may carry are replaced, the rest of the text is kept as it was.
/// <list type="bullet">
/// <item>Bearer tokens (<c>Bearer …</c>, <c>Authorization:</c> and <c>Proxy-Authorization:</c> values), JWTs
/// (<c>eyJ….….…</c>), EKS tokens (<c>k8s-aws-v1.</c> + the presigned STS URL in base64url) and STS session tokens
/// (<c>IQoJb3JpZ2lu…</c>, <c>FwoGZXIvYXdz…</c>, <c>AQoDYXdz…</c>: base64 of their fixed first bytes): the first 6
/// characters are kept to correlate, the rest becomes <c>…[redacted]</c>.</item>
/// <item>Values after a credential's name (<c>token</c>, <c>--token</c>, <c>id-token</c>, <c>refresh-token</c>,
/// <c>aws_session_token</c>, <c>SessionToken</c>, <c>X-Amz-Security-Token</c>, <c>aws_secret_access_key</c>,
/// <c>SecretAccessKey</c>, <c>client-secret</c>, <c>client-key-data</c>, <c>password</c>, <c>api_key</c>, an environment
/// variable such as <c>GITHUB_TOKEN</c> or <c>DB_PASSWORD</c>, SigV4 <c>Signature</c>)
/// written as <c>name: v</c>, <c>name=v</c>, <c>"name":"v"</c>, <c>&lt;Name&gt;v</c> (also JSON-escaped or
/// HTML-encoded), a PEM private key, and the password of a URL's user info: all of it becomes <c>[redacted]</c>.</item>
/// </list>
/// AWS access key ids (AKIA…, ASIA…) are identifiers, not secrets: they are kept, as is a SigV4 <c>Credential=</c> scope.
/// Linear in the text's length (a non-backtracking regex behind a vectorised search for the words that start a
/// credential), and idempotent: redacted text passes through unchanged.
/// </summary>
public static class Secrets
{
    public const string Marker = "[redacted]";

    private const int KeptPrefix = 6;

    /// <summary>Every credential below starts with or is named by one of these (case-insensitive); text without any is returned as is.</summary>
    private static readonly SearchValues<string> Triggers = SearchValues.Create(
        ["bearer", "authorization", "eyj", "k8s-aws-v1", "iqojb3jpz2lu", "fwogzxivyxdz", "fqogzxivyxdz", "fqodyxdz", "aqodyxdz", "token", "secret",
         "passw", "apikey", "api_key", "api-key", "signature", "client-key", "client_key", "clientkey", "private key", "://"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>A quote around a name or value, as written plain, JSON-escaped or HTML-encoded.</summary>
    private const string Quote = """(?:\\?["'`]|&quot;|&apos;|&#0*3[49];|&#x0*2[27];)""";

    /// <summary>Between a credential's name and its value: a closing quote, <c>:</c>, <c>=</c> or <c>&gt;</c>, an opening quote.</summary>
    private const string Separator = Quote + "{0,2}[ \t]*(?:[:=]|>|&gt;)[ \t]*" + Quote + "{0,2}[ \t]*";

    /// <summary>A credential value: up to the next space, quote, markup or list separator.</summary>
    private const string Value = """[^\s"'`\\<>&,;()\[\]{}…]+""";

    /// <summary>A credential value in double quotes (plain, JSON-escaped or HTML-encoded): all of it, spaces included, up to the closing quote.</summary>
    private const string QuotedValue = """(?:\\?"(?<hide>(?:[^"\\\r\n]|\\[^"\r\n])+)|(?:&quot;|&#0*34;)(?<hide>[^&<\r\n]+))""";

    /// <summary>
    /// A credential's name: a word of its own or the last word of a snake-, kebab- or env-style name (<c>GITHUB_TOKEN</c>,
    /// <c>x-amz-security-token</c>, <c>DB_PASSWORD</c>), or one of the camel-case names services use (<c>sessionToken</c>).
    /// </summary>
    private const string Names =
        "(?:[a-z0-9]+[-_])*(?:token|secret|password|passwd|api[-_]?key|secret[-_]?key|secret[-_]?access[-_]?key|client[-_]?key[-_]?data)" +
        "|idToken|accessToken|refreshToken|authToken|sessionToken|securityToken|secretKey|secretAccessKey|awsSecretAccessKey|clientSecret|apiKey";

    private static readonly Regex Credential = new(string.Join("|",
            // Authorization: <scheme> <credentials>   (a SigV4 header is left to the Signature rule: its Credential= scope is an identifier)
            @"\b(?:proxy-)?authorization" + Separator + @"(?:(?<scheme>[a-z][a-z0-9-]*)[ \t]+)?(?<keep>" + Value + ")",
            @"\bbearer[ \t]+(?<keep>[a-z0-9._~+/%-]{8,}=*)",
            @"\b(?:" + Names + ")" + Quote + "{0,2}[ \t]*[:=][ \t]*" + QuotedValue,
            @"\b(?:" + Names + ")" + Separator + @"(?:bearer[ \t]+)?(?<hide>" + Value + ")",
            @"--(?:token|password)[ \t]+(?<hide>" + Value + ")",
            @"\b(?:x-amz-)?signature" + Separator + "(?<hide>[0-9a-f]{16,})",
            @"(?<keep>eyJ[a-z0-9_-]{4,}\.[a-z0-9_-]{4,}\.[a-z0-9_-]*)",
            @"k8s-aws-v1\.(?<keep>[a-z0-9_-]{8,})",
            "(?<keep>(?:IQoJb3JpZ2lu|FwoGZXIvYXdz|FQoGZXIvYXdz|FQoDYXdz|AQoDYXdz)(?:[a-z0-9+/=]|%2b|%2f|%3d){16,})",
            @"(?<hide>-----begin[ a-z]{0,30}private key-----(?:[a-z0-9+/=\s]|\\[rn])*(?:-----end[ a-z]{0,30}private key-----)?)",
            """://[^\s/:@"'<>]+:(?<hide>[^\s/@"'<>]+)@"""),
        RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    /// <summary>The text with every credential replaced; the same string when there is none.</summary>
    public static string Redact(string text)
    {
        if (text.Length == 0 || !text.AsSpan().ContainsAny(Triggers))
        {
            return text;
        }

        return Credential.Replace(text, m => Replace(m, text));
    }

    private static string Replace(Match match, string text)
    {
        var keep = match.Groups["keep"];
        var secret = keep.Success ? keep : match.Groups["hide"];
        var after = secret.Index + secret.Length;
        if (!secret.Success || Redacted(text, after) || IsLiteral(secret.ValueSpan)
            || match.Groups["scheme"].ValueSpan.StartsWith("AWS4-", StringComparison.OrdinalIgnoreCase))
        {
            return match.Value;
        }

        var basic = match.Groups["scheme"].ValueSpan.Equals("basic", StringComparison.OrdinalIgnoreCase);
        var replacement = keep.Success && !basic && secret.Length >= 2 * KeptPrefix ? string.Concat(secret.ValueSpan[..KeptPrefix], "…", Marker) : Marker;
        return string.Concat(text.AsSpan(match.Index, secret.Index - match.Index), replacement, text.AsSpan(after, match.Index + match.Length - after));
    }

    /// <summary>
    /// Already redacted by an earlier pass (the same text may cross several outputs): the marker follows, straight
    /// after the value or after the space behind an <c>Authorization</c> scheme.
    /// </summary>
    private static bool Redacted(string text, int at)
    {
        var rest = text.AsSpan(at).TrimStart(" \t");
        return rest.StartsWith(Marker, StringComparison.Ordinal) || rest.StartsWith("…" + Marker, StringComparison.Ordinal);
    }

    /// <summary>A JSON literal where a credential would be (<c>"token": null</c>): nothing to hide, and kept so JSON stays JSON.</summary>
    private static bool IsLiteral(ReadOnlySpan<char> value) =>
        value is "null" or "true" or "false" || (value.Length > 0 && !value.ContainsAnyExcept("0123456789"));
}
