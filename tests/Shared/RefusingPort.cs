using System.Net;
using System.Net.Sockets;

namespace EksIr.Tests;

/// <summary>
/// A loopback port where nothing listens, for a server that cannot be reached: the port is bound and held (never
/// listening) for as long as the test runs, so every connection to it is refused and nothing else can take it.
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public void Dispose() => _socket.Dispose();
}
