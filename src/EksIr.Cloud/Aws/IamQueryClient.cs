using System.Net;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace EksIr.Cloud.Aws;

/// <summary>
/// IAM over its Query protocol (form-encoded POST, XML answers), signed with AWSSDK.Core's SigV4 handler for the global
/// IAM endpoint (us-east-1). Throttling is retried with exponential backoff; AWS errors become
/// <see cref="AwsActionException"/> naming the call and AWS's code. Replaceable by the official IAM client behind <see cref="IIamRoles"/>.
/// </summary>
public sealed class IamQueryClient : IIamRoles, IDisposable
{
    private const string ApiVersion = "2010-05-08";
    private static readonly Uri GlobalEndpoint = new("https://iam.amazonaws.com/");
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly TimeSpan _firstBackoff;

    public IamQueryClient(AWSCredentials credentials, Uri? endpoint = null, HttpMessageHandler? transport = null, TimeSpan? firstBackoff = null)
    {
        _endpoint = endpoint ?? GlobalEndpoint;
        _http = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, "iam", transport ?? new SocketsHttpHandler()));
        _firstBackoff = firstBackoff ?? TimeSpan.FromMilliseconds(250);
    }

    public async Task<IReadOnlyList<string>> InstanceProfileRolesAsync(string instanceProfileName, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync("GetInstanceProfile", [("InstanceProfileName", instanceProfileName)], cancellationToken).ConfigureAwait(false);
        return result!.Descendants().Where(e => e.Name.LocalName == "RoleName").Select(e => e.Value).ToList();
    }

    public async Task<string?> RolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync("GetRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)], cancellationToken, missingIsNull: true).ConfigureAwait(false);
        var document = result?.Descendants().FirstOrDefault(e => e.Name.LocalName == "PolicyDocument")?.Value;
        return document is null ? null : WebUtility.UrlDecode(document); // IAM returns policy documents URL-encoded
    }

    public async Task PutRolePolicyAsync(string roleName, string policyName, string document, CancellationToken cancellationToken = default) =>
        await CallAsync("PutRolePolicy", [("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", document)], cancellationToken).ConfigureAwait(false);

    public void Dispose() => _http.Dispose();

    private async Task<XElement?> CallAsync(string action, (string Name, string Value)[] parameters, CancellationToken cancellationToken, bool missingIsNull = false)
    {
        var form = new[] { ("Action", action), ("Version", ApiVersion) }.Concat(parameters)
            .Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2));
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new FormUrlEncodedContent(form) };
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new AwsActionException($"IAM {action}: cannot reach {_endpoint}: {e.Message}", e);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var xml = TryParse(text);
                if (response.IsSuccessStatusCode && xml is not null)
                {
                    return xml.Root;
                }

                var code = Error(xml, "Code") ?? response.StatusCode.ToString();
                var message = Error(xml, "Message") ?? (text.Length > 200 ? text[..200] : text);
                if (missingIsNull && code == "NoSuchEntity")
                {
                    return null;
                }

                if (IsThrottling(code, response.StatusCode) && attempt < 4)
                {
                    await Task.Delay(_firstBackoff * (1 << attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new AwsActionException($"IAM {action} ({string.Join(", ", parameters.Where(p => p.Name != "PolicyDocument").Select(p => $"{p.Name} {p.Value}"))}): {code}: {message}");
            }
        }
    }

    private static bool IsThrottling(string code, HttpStatusCode status) =>
        code is "Throttling" or "ThrottlingException" or "RequestLimitExceeded" || status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    private static XDocument? TryParse(string text)
    {
        try
        {
            return XDocument.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private static string? Error(XDocument? xml, string name) =>
        xml?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error")?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
