using System.Collections.Specialized;
using System.Security.Cryptography;
using System.Text;

namespace EksIr.Tests;

/// <summary>
/// Checks a request's SigV4 Authorization header independently of the SDK, from the secret key: the canonical request
/// over the signed headers, the string to sign, the derived key and the HMAC. Returns the scope's service and region,
/// or why the signature is not valid.
/// </summary>
public static class SigV4Check
{
    public static (bool Valid, string Service, string Region, string Why) Verify(string method, string path, string query, NameValueCollection headers, byte[] body,
        string secretKey)
    {
        var authorization = headers["Authorization"];
        if (authorization is null || !authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            return (false, "", "", "no SigV4 Authorization header");
        }

        var parts = authorization["AWS4-HMAC-SHA256 ".Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var scope = parts["Credential"].Split('/'); // AKID/date/region/service/aws4_request
        var signed = parts["SignedHeaders"].Split(';');
        var amzDate = headers["X-Amz-Date"] ?? "";
        var payloadHash = headers["X-Amz-Content-SHA256"] is { Length: 64 } h ? h : Hex(SHA256.HashData(body));
        if (payloadHash != Hex(SHA256.HashData(body)))
        {
            return (false, scope[3], scope[2], "X-Amz-Content-SHA256 does not match the body");
        }

        var canonicalQuery = string.Join("&", query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(q => q.Contains('=') ? q : q + "=").OrderBy(q => q, StringComparer.Ordinal));
        var canonicalHeaders = string.Concat(signed.Select(name => $"{name}:{string.Join(",", (headers.GetValues(name) ?? []).Select(v => string.Join(" ", v.Split(' ', StringSplitOptions.RemoveEmptyEntries))))}\n"));
        var canonical = $"{method}\n{path}\n{canonicalQuery}\n{canonicalHeaders}\n{parts["SignedHeaders"]}\n{payloadHash}";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{string.Join("/", scope[1..])}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), scope[1]), scope[2]), scope[3]), "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        return expected == parts["Signature"] ? (true, scope[3], scope[2], "") : (false, scope[3], scope[2], "signature does not match");
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
