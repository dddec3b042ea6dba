using System.Text.RegularExpressions;

namespace EksIr.Memory;

/// <summary>
/// What an IOC scan looks for in memory: IPv4 addresses, URLs, domains (common TLDs), AWS access key ids (AKIA, ASIA
/// and the other IAM unique-id prefixes, 16 base-32 characters), and the analyst's own strings and regexes.
/// </summary>
public static partial class IocPatterns
{
    [GeneratedRegex(@"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?!\.?[0-9])", RegexOptions.CultureInvariant)]
    public static partial Regex Ipv4();

    [GeneratedRegex(@"\b(?:https?|ftp|stratum\+tcp|tcp|wss?)://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]{3,2048}", RegexOptions.CultureInvariant)]
    public static partial Regex Url();

    [GeneratedRegex(@"(?<![A-Za-z0-9\-.])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+(?:com|net|org|io|info|biz|xyz|top|ru|cn|su|tk|pw|cc|co|me|onion|site|online|club|live|shop)(?![A-Za-z0-9\-])", RegexOptions.CultureInvariant)]
    public static partial Regex Domain();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA|APKA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Z0-9])", RegexOptions.CultureInvariant)]
    public static partial Regex AwsAccessKeyId();

    /// <summary>The built-in kinds, by name, as the scan reports them.</summary>
    public static IReadOnlyList<(string Kind, Regex Pattern)> BuiltIn { get; } =
    [
        ("ipv4", Ipv4()), ("url", Url()), ("domain", Domain()), ("aws-access-key-id", AwsAccessKeyId()),
    ];
}
