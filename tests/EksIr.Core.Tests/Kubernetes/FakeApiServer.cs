using System.Text;
using System.Text.Json;

namespace EksIr.Core.Tests.Kubernetes;

/// <summary>
/// A loopback Kubernetes API server serving a kubectl snapshot folder's nodes and pods (lists and single pods),
/// recording every request (method, path, Authorization), or answering every request with a given error status.
/// </summary>
public sealed class FakeApiServer : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly string _snapshot;
    private readonly JsonElement _nodes;
    private readonly JsonElement _pods;

    public FakeApiServer(string snapshot, int? failWith = null, string? failMessage = null)
    {
        _snapshot = snapshot;
        _nodes = JsonDocument.Parse(File.ReadAllText(Path.Combine(snapshot, "nodes.json"))).RootElement;
        _pods = JsonDocument.Parse(File.ReadAllText(Path.Combine(snapshot, "pods.json"))).RootElement;
        _server = new LoopbackHttpServer(request =>
        {
            var sent = request.Text;
            Requests.Enqueue($"{request.Method} {request.Url.AbsolutePath} auth={request.Headers["Authorization"]}");
            if (sent.Length > 0)
            {
                Bodies.Enqueue($"{request.Method} {request.Url.AbsolutePath} {request.ContentType} {sent}");
            }

            var (status, body) = failWith is { } code ? (code, Status(code, failMessage ?? "failed")) : Answer(request.Method, request.Url.AbsolutePath + request.Url.Query, sent);
            return LoopbackResponse.Text(status, "application/json", body);
        });
        Url = _server.Url;
    }

    public string Url { get; }

    public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>What was sent with each request that had a body: method, path, content type, body.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Bodies { get; } = new();

    private readonly HashSet<string> _policies = [];

    /// <summary>A kubeconfig whose current context is this server, with a bearer token.</summary>
    public string WriteKubeconfig(string path) => Kubeconfig.Write(path, Url, "analyst-token");

    private (int, string) Answer(string method, string pathAndQuery, string sent)
    {
        var path = pathAndQuery.Split('?')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["api", "v1", "namespaces", _, "pods", var logPod, "log"])
        {
            var container = pathAndQuery.Split("container=")[1].Split('&')[0];
            return pathAndQuery.Contains("previous=true", StringComparison.Ordinal)
                ? (400, Status(400, $"previous terminated container \"{container}\" in pod \"{logPod}\" not found"))
                : (200, $"2026-11-29T06:23:31.532467025Z {logPod}/{container}: agent 1.0 starting\n");
        }

        if (segments is ["apis", "networking.k8s.io", "v1", "namespaces", var policyNs, "networkpolicies", ..])
        {
            if (method == "POST")
            {
                _policies.Add(policyNs + "/" + JsonDocument.Parse(sent).RootElement.GetProperty("metadata").GetProperty("name").GetString());
                return (201, sent);
            }

            return segments.Length == 7 && _policies.Contains(policyNs + "/" + segments[6])
                ? (200, "{\"kind\":\"NetworkPolicy\",\"apiVersion\":\"networking.k8s.io/v1\",\"metadata\":{\"name\":\"" + segments[6] + "\"}}")
                : (404, Status(404, "networkpolicies not found"));
        }

        if (method == "PATCH" && segments is ["api", "v1", "nodes", var nodeName])
        {
            return (200, _nodes.GetProperty("items").EnumerateArray().First(n => n.GetProperty("metadata").GetProperty("name").GetString() == nodeName).GetRawText());
        }

        if (path == "/api/v1/nodes")
        {
            return (200, _nodes.GetRawText());
        }

        if (path == "/api/v1/pods")
        {
            return (200, _pods.GetRawText());
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries); // api v1 namespaces NS pods NAME
        if (parts is ["api", "v1", "namespaces", var ns, "pods", var name])
        {
            foreach (var pod in _pods.GetProperty("items").EnumerateArray())
            {
                var meta = pod.GetProperty("metadata");
                if (meta.GetProperty("name").GetString() == name && meta.GetProperty("namespace").GetString() == ns)
                {
                    return (200, pod.GetRawText());
                }
            }

            return (404, Status(404, $"pods \"{name}\" not found"));
        }

        // Cluster-wide lists of the other kinds: the snapshot's file when it has one, else forbidden (as for an analyst without that right).
        var list = path switch
        {
            "/api/v1/events" => "events",
            "/api/v1/serviceaccounts" => "serviceaccounts",
            "/apis/rbac.authorization.k8s.io/v1/rolebindings" => "rolebindings",
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings" => "clusterrolebindings",
            "/apis/networking.k8s.io/v1/networkpolicies" => "networkpolicies",
            _ => null,
        };
        if (list is not null)
        {
            var file = Path.Combine(_snapshot, list + ".json");
            return File.Exists(file) && !ForbiddenLists.Contains(list)
                ? (200, File.ReadAllText(file))
                : (403, Status(403, $"{list} is forbidden: User \"analyst\" cannot list resource \"{list}\" at the cluster scope"));
        }

        return (404, Status(404, "the server could not find the requested resource"));
    }

    /// <summary>Lists answered 403 even though the snapshot has them.</summary>
    public HashSet<string> ForbiddenLists { get; } = [];

    private static string Status(int code, string message) =>
        JsonSerializer.Serialize(new { kind = "Status", apiVersion = "v1", status = "Failure", message, code });


    public void Dispose() => _server.Dispose();
}
