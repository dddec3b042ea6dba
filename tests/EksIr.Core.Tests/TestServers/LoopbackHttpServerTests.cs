using System.Net;
using System.Net.Sockets;
using System.Text;
using EksIr.Core.Tests.Kubernetes;

namespace EksIr.Core.Tests.TestServers;

/// <summary>
/// The fake endpoints' HTTP server: it holds its port from before its URL is known, so no test waits on a port staying
/// free (a port picked, released and bound again can be taken in between by anything else on the machine).
/// </summary>
public sealed class LoopbackHttpServerTests
{
    private static readonly string Snapshot = Repo.Path("sample-data", "incident-1", "cluster");
    private static readonly string AwsSnapshot = Repo.Path("sample-data", "incident-1", "aws");

    [Fact]
    public async Task A_fake_server_holds_its_port_from_the_moment_it_has_a_url()
    {
        using var server = new LoopbackHttpServer(r => LoopbackResponse.Text(200, "text/plain", $"{r.Method} {r.Url.PathAndQuery}"));
        using var other = new TcpListener(IPAddress.Loopback, server.Port);

        var taken = Assert.Throws<SocketException>(other.Start);

        Assert.Equal(SocketError.AddressAlreadyInUse, taken.SocketErrorCode);
        using var client = new HttpClient();
        Assert.Equal("GET /api/v1/pods?limit=5", await client.GetStringAsync(server.Url + "/api/v1/pods?limit=5"));
    }

    [Fact]
    public async Task The_fakes_start_and_answer_while_the_port_a_previous_fake_had_is_held_by_another_listener()
    {
        int port;
        using (var before = new LoopbackHttpServer(_ => LoopbackResponse.Text(200, "text/plain", "")))
        {
            port = before.Port;
        }

        using var squatter = new TcpListener(IPAddress.Loopback, port);
        squatter.Start(); // what a parallel test or another program may do with a port just released

        using var api = new FakeApiServer(Snapshot);
        using var aws = new FakeAwsServer(AwsSnapshot);
        using var client = new HttpClient();
        var nodes = await client.GetStringAsync(api.Url + "/api/v1/nodes");
        using var sts = await client.PostAsync(aws.Url + "/", new FormUrlEncodedContent([new("Action", "GetCallerIdentity"), new("Version", "2011-06-15")]));

        Assert.NotEqual(port, new Uri(api.Url).Port);
        Assert.NotEqual(port, new Uri(aws.Url).Port);
        Assert.Contains("ip-192-168-23-107.us-west-2.compute.internal", nodes);
        Assert.Contains("<Arn>arn:aws:sts::111122223333:assumed-role/IncidentResponder/analyst</Arn>", await sts.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Fake_servers_started_together_while_other_listeners_keep_taking_ports_all_start_and_answer()
    {
        using var stop = new CancellationTokenSource();
        var squatters = new List<TcpListener>();
        var squatting = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested && squatters.Count < 2000)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                squatters.Add(listener);
            }
        });

        var servers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            new LoopbackHttpServer(r => LoopbackResponse.Text(200, "text/plain", $"server {i}: {r.Text}")))));
        try
        {
            using var client = new HttpClient();
            var answers = await Task.WhenAll(servers.Select(async s =>
                await (await client.PostAsync(s.Url + "/", new StringContent("hello"))).Content.ReadAsStringAsync()));

            Assert.Equal(40, servers.Select(s => s.Port).Distinct().Count());
            Assert.Equal(Enumerable.Range(0, 40).Select(i => $"server {i}: hello"), answers);
        }
        finally
        {
            await stop.CancelAsync();
            await squatting;
            foreach (var s in servers)
            {
                s.Dispose();
            }

            foreach (var l in squatters)
            {
                l.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_chunked_body_sent_after_100_continue_arrives_whole()
    {
        string? received = null;
        using var server = new LoopbackHttpServer(r =>
        {
            received = $"{r.Method} {r.ContentType} {r.Headers["Transfer-Encoding"]} {r.Text}";
            return LoopbackResponse.Text(201, "application/json", "{}");
        });
        using var client = new HttpClient();
        var body = string.Concat(Enumerable.Repeat("{\"k\":\"v\"}", 5000));
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url + "/apis/networking.k8s.io/v1/namespaces/default/networkpolicies")
        {
            Content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(body))), // no length known: sent chunked
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"POST application/json chunked {body}", received);
    }

    /// <summary>A stream whose length HttpClient cannot know, so it sends the body chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
