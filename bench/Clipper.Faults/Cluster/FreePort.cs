using System.Net;
using System.Net.Sockets;

namespace Clipper.Faults.Cluster;

/// <summary>TCP ports free right now on loopback (another process may still take one before it is bound).</summary>
internal static class FreePort
{
    /// <summary>A port the system considers free.</summary>
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
