using System.Net;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace EksIr.Cloud.Aws;

/// <summary>
/// A service on the AWS Query protocol (IAM, EC2 Auto Scaling): a form-encoded POST of Action, Version and the
/// parameters, an XML answer, signed with AWSSDK.Core's SigV4 handler for the service and region. Throttling is retried
/// with exponential backoff; other AWS errors become <see cref="AwsActionException"/> naming the service, the call, its
/// parameters and AWS's code.
/// </summary>
public sealed class AwsQueryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _title;
    private readonly string _version;
    private readonly TimeSpan _firstBackoff;

    /// <param name="service">The signing name (iam, autoscaling).</param>
    /// <param name="title">How messages name the service (IAM, Auto Scaling).</param>
    /// <param name="version">The API version every call carries (IAM 2010-05-08, Auto Scaling 2011-01-01).</param>
    public AwsQueryClient(string service, string title, string version, RegionEndpoint region, AWSCredentials credentials, Uri endpoint,
        HttpMessageHandler? transport = null, TimeSpan? firstBackoff = null)
    {
        _title = title;
        _version = version;
        _endpoint = endpoint;
        _http = new HttpClient(new SigV4SigningHandler(credentials, region, service, transport ?? new SocketsHttpHandler()));
        _firstBackoff = firstBackoff ?? TimeSpan.FromMilliseconds(250);
    }

    /// <summary>The answer's root element; null when AWS answered with the error code <paramref name="missingCode"/> (the thing asked for does not exist).</summary>
    /// <param name="quiet">Parameter names whose values are left out of error messages (a policy document).</param>
    public async Task<XElement?> CallAsync(string action, (string Name, string Value)[] parameters, CancellationToken cancellationToken,
        string? missingCode = null, params string[] quiet)
    {
        var form = new[] { ("Action", action), ("Version", _version) }.Concat(parameters)
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
                throw new AwsActionException($"{_title} {action}: cannot reach {_endpoint}: {e.Message}", e);
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
                if (missingCode is not null && code == missingCode)
                {
                    return null;
                }

                if (IsThrottling(code, response.StatusCode) && attempt < 4)
                {
                    await Task.Delay(_firstBackoff * (1 << attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new AwsActionException($"{_title} {action} ({string.Join(", ", parameters.Where(p => !quiet.Contains(p.Name)).Select(p => $"{p.Name} {p.Value}"))}): {code}: {message}");
            }
        }
    }

    public void Dispose() => _http.Dispose();

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
