using System.Collections.Concurrent;
using System.Security;
using System.Text.Json;

namespace EksIr.Tests;

/// <summary>
/// A hostile endpoint (a misconfigured proxy, a debugging gateway) that refuses every request with an error repeating
/// the credentials it was sent — the Authorization header and X-Amz-Security-Token — in the error shape the client
/// expects: a Kubernetes Status (403) for /api and /apis paths, an AWS JSON error for X-Amz-Target calls (Athena, Logs),
/// an EC2/Query XML error otherwise. What it echoed is kept, for a test to look for in every output.
/// </summary>
public sealed class EchoingEndpoint : IDisposable
{
    private readonly LoopbackHttpServer _server;

    public EchoingEndpoint() => _server = new LoopbackHttpServer(Answer);

    public string Url => _server.Url;

    /// <summary>Every credential value echoed back (header values, whole).</summary>
    public ConcurrentBag<string> Echoed { get; } = [];

    public void Dispose() => _server.Dispose();

    private LoopbackResponse Answer(LoopbackRequest request)
    {
        var sent = new[] { "Authorization", "X-Amz-Security-Token" }.Where(h => request.Headers[h] is not null).Select(h => $"{h}: {request.Headers[h]}").ToList();
        foreach (var h in new[] { "Authorization", "X-Amz-Security-Token" })
        {
            if (request.Headers[h] is { } value)
            {
                Echoed.Add(value);
            }
        }

        var message = $"request refused by the gateway; it carried {string.Join("; ", sent)}";
        if (request.Url.AbsolutePath.StartsWith("/api", StringComparison.Ordinal))
        {
            return LoopbackResponse.Text(403, "application/json",
                JsonSerializer.Serialize(new { kind = "Status", apiVersion = "v1", status = "Failure", message, reason = "Forbidden", code = 403 }));
        }

        return request.Headers["X-Amz-Target"] is not null
            ? LoopbackResponse.Text(400, "application/x-amz-json-1.1", JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = "AccessDeniedException", ["message"] = message }))
            : LoopbackResponse.Text(403, "text/xml",
                $"<Response><Errors><Error><Code>AuthFailure</Code><Message>{SecurityElement.Escape(message)}</Message></Error></Errors><RequestID>echo</RequestID></Response>");
    }
}
