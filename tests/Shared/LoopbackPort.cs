using System.Net;
using System.Net.Sockets;

namespace EksIr.Tests;

/// <summary>
/// Free loopback ports for the fake servers, never the same one twice in a test run: asking the OS for a free port
/// and releasing it lets two fakes starting in parallel get the same one (in-process HttpListeners then share it).
/// </summary>
public static class LoopbackPort
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                using var socket = new TcpListener(IPAddress.Loopback, 0);
                socket.Start();
                var port = ((IPEndPoint)socket.LocalEndpoint).Port;
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
