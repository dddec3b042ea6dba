using System.Collections.Specialized;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EksIr.Tests;

/// <summary>A request as the loopback server read it: method, URL (path and query as sent), headers, body.</summary>
public sealed record LoopbackRequest(string Method, Uri Url, NameValueCollection Headers, byte[] Body)
{
    public string? ContentType => Headers["Content-Type"];

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>An answer: status, content type, body, and any other headers.</summary>
public sealed record LoopbackResponse(int Status, string ContentType, byte[] Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static LoopbackResponse Text(int status, string contentType, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, contentType, Encoding.UTF8.GetBytes(body), headers);
}

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 for the fake AWS and Kubernetes endpoints. It listens on a port the OS gives
/// it (port 0) and holds it from before its URL is known until it is disposed, so no test depends on a port staying
/// free between being picked and being bound. One request per connection (every answer says <c>Connection: close</c>);
/// bodies by Content-Length or chunked; <c>Expect: 100-continue</c> answered. Requests are handled one at a time, in
/// the order they arrive, as the fakes' state expects.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private const int MaxHead = 1 << 20;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<LoopbackRequest, LoopbackResponse> _handle;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    public LoopbackHttpServer(Func<LoopbackRequest, LoopbackResponse> handle)
    {
        _handle = handle;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Url = $"http://127.0.0.1:{Port}";
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>The server's base URL, without a trailing slash.</summary>
    public string Url { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _accepting.Wait(TimeSpan.FromSeconds(5));
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        Task.WaitAll(open, TimeSpan.FromSeconds(5));
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var input = new HttpInput(stream, _stop.Token);
                var request = await ReadAsync(input, stream);
                if (request is null)
                {
                    return;
                }

                LoopbackResponse response;
                await _oneAtATime.WaitAsync(_stop.Token);
                try
                {
                    response = _handle(request);
                }
                finally
                {
                    _oneAtATime.Release();
                }

                await WriteAsync(stream, response);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or FormatException)
            {
                // The client went away, or the server is stopping: nothing to answer.
            }
        }
    }

    private async Task<LoopbackRequest?> ReadAsync(HttpInput input, NetworkStream stream)
    {
        var requestLine = await input.ReadLineAsync();
        if (string.IsNullOrEmpty(requestLine))
        {
            return null;
        }

        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new FormatException($"not an HTTP/1.x request line: {requestLine}");
        }

        var headers = new NameValueCollection(StringComparer.OrdinalIgnoreCase);
        while (await input.ReadLineAsync() is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                headers.Add(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        if (string.Equals(headers["Expect"], "100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), _stop.Token);
        }

        byte[] body;
        if (headers["Transfer-Encoding"]?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var chunks = new MemoryStream();
            while (true)
            {
                var size = int.Parse((await input.ReadLineAsync() ?? "0").Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while (await input.ReadLineAsync() is { Length: > 0 })
                    {
                        // trailers
                    }

                    break;
                }

                chunks.Write(await input.ReadExactlyAsync(size));
                await input.ReadLineAsync();
            }

            body = chunks.ToArray();
        }
        else
        {
            body = await input.ReadExactlyAsync(int.TryParse(headers["Content-Length"], CultureInfo.InvariantCulture, out var length) ? length : 0);
        }

        return new LoopbackRequest(parts[0], new Uri(Url + parts[1]), headers, body);
    }

    private async Task WriteAsync(NetworkStream stream, LoopbackResponse response)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {(HttpStatusCode)response.Status}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), _stop.Token);
        await stream.WriteAsync(response.Body, _stop.Token);
        await stream.FlushAsync(_stop.Token);
        stream.Socket.Shutdown(SocketShutdown.Send); // the answer is complete
    }

    /// <summary>Lines (CRLF) and exact byte counts from a connection, through one buffer.</summary>
    private sealed class HttpInput(Stream stream, CancellationToken cancellationToken)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync()
        {
            var line = new MemoryStream();
            while (true)
            {
                if (_start == _end && !await FillAsync())
                {
                    return line.Length == 0 ? null : Encoding.ASCII.GetString(line.ToArray());
                }

                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var stop = newline < 0 ? _end : newline;
                line.Write(_buffer, _start, stop - _start);
                _start = newline < 0 ? _end : newline + 1;
                if (line.Length > MaxHead)
                {
                    throw new FormatException("request head too long");
                }

                if (newline >= 0)
                {
                    var text = Encoding.ASCII.GetString(line.ToArray());
                    return text.EndsWith('\r') ? text[..^1] : text;
                }
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count)
        {
            var bytes = new byte[count];
            var have = 0;
            while (have < count)
            {
                if (_start == _end && !await FillAsync())
                {
                    throw new IOException($"connection closed after {have} of {count} body bytes");
                }

                var take = Math.Min(count - have, _end - _start);
                Array.Copy(_buffer, _start, bytes, have, take);
                _start += take;
                have += take;
            }

            return bytes;
        }

        private async Task<bool> FillAsync()
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            return _end > 0;
        }
    }
}
