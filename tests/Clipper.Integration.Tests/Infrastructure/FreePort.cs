using System.Net;
using System.Net.Sockets;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>Finds TCP ports that are free right now on the loopback interface.</summary>
public static class FreePort
{
    /// <summary>
    /// A port the operating system considers free: bind port 0, read the port chosen, release it. Another
    /// process may take it before it is used, so callers that can retry on "address in use" should.
    /// </summary>
    /// <returns>The port.</returns>
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
