using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace EksIr.Cloud.Aws;

/// <summary>
/// A service on AWS's JSON 1.1 protocol (Athena, CloudWatch Logs): POST / with X-Amz-Target and an
/// application/x-amz-json-1.1 body, signed by AWSSDK.Core's SigV4 handler with the default chain's (or the
/// profile's) credentials. Throttling and 5xx answers are retried with exponential backoff; other errors become
/// <see cref="AwsActionException"/> naming the call and AWS's error type. Small on purpose: the official client can
/// replace it behind the engines' interfaces.
/// </summary>
public sealed class AwsJsonClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _targetPrefix;
    private readonly TimeSpan _firstBackoff;

    public AwsJsonClient(string service, string targetPrefix, RegionEndpoint region, AWSCredentials credentials, Uri? endpoint = null,
        HttpMessageHandler? transport = null, TimeSpan? firstBackoff = null)
    {
        Service = service;
        _targetPrefix = targetPrefix;
        _endpoint = endpoint ?? new Uri($"https://{service}.{region.SystemName}.amazonaws.com/");
        _http = new HttpClient(new SigV4SigningHandler(credentials, region, service, transport ?? new SocketsHttpHandler()));
        _firstBackoff = firstBackoff ?? TimeSpan.FromMilliseconds(250);
    }

    public static AwsJsonClient For(AwsConnection connection, string service, string targetPrefix) =>
        new(service, targetPrefix, connection.RegionEndpoint, connection.Credentials(), connection.EndpointUrl is { } url ? new Uri(url) : null);

    public string Service { get; }

    /// <summary>Calls <c>{prefix}.{operation}</c> with the body serialised as JSON; returns the answer's root element.</summary>
    public async Task<JsonElement> CallAsync(string operation, object body, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(body);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = new StringContent(json, Encoding.UTF8),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
            request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{_targetPrefix}.{operation}");
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new AwsActionException($"{Service} {operation}: cannot reach {_endpoint}: {e.Message}", e);
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    using var doc = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
                    return doc.RootElement.Clone();
                }

                var (type, message) = Error(text, response);
                if (IsRetryable(type, response.StatusCode) && attempt < 5)
                {
                    await Task.Delay(_firstBackoff * (1 << attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new AwsActionException($"{Service} {operation}: {type}: {message}");
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static (string Type, string Message) Error(string text, HttpResponseMessage response)
    {
        var header = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var type = doc.RootElement.TryGetProperty("__type", out var t) ? t.GetString() : header;
            var message = doc.RootElement.TryGetProperty("message", out var m) ? m.GetString()
                : doc.RootElement.TryGetProperty("Message", out var m2) ? m2.GetString() : null;
            return (Short(type) ?? response.StatusCode.ToString(), message ?? text);
        }
        catch (JsonException)
        {
            return (Short(header) ?? response.StatusCode.ToString(), text.Length > 300 ? text[..300] : text);
        }
    }

    /// <summary>"com.amazonaws.athena#InvalidRequestException" → "InvalidRequestException"; "X:rest" → "X".</summary>
    private static string? Short(string? type) => type?.Split('#')[^1].Split(':')[0];

    private static bool IsRetryable(string type, HttpStatusCode status) =>
        type is "ThrottlingException" or "TooManyRequestsException" or "Throttling" or "LimitExceededException" or "ServiceUnavailableException"
        || status is HttpStatusCode.TooManyRequests || (int)status >= 500;
}
