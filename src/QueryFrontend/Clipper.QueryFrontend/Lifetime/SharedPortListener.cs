using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Clipper.QueryFrontend.Lifetime;

/// <summary>
/// The listening socket of the HTTP port that frontends on one machine share: with SO_REUSEPORT each
/// frontend has its own socket on the port and the kernel spreads new connections over them, so
/// frontends join and leave without a proxy in front. A stopping frontend leaves the group first
/// (<see cref="Leave"/>), so no new client connection reaches it while it finishes the ones it has.
/// </summary>
internal sealed class SharedPortListener(int sharedPort)
{
    // From <sys/socket.h> on Linux; .NET has no named option for SO_REUSEPORT.
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    private Socket? _socket;

    /// <summary>Binds <paramref name="endpoint"/>, joining the SO_REUSEPORT group when it is the shared port.</summary>
    /// <exception cref="PlatformNotSupportedException">The shared port was asked for on a system other than Linux.</exception>
    public Socket Bind(EndPoint endpoint)
    {
        if (endpoint is not IPEndPoint ip || ip.Port != sharedPort)
        {
            return SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("SharedHttpPort needs SO_REUSEPORT as Linux implements it; leave it at 0 on this system and put a load balancer in front of the frontends.");
        }

        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            socket.Bind(ip);
            _socket = socket;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Closes the shared socket: the kernel sends new connections to the other frontends of the port
    /// (and, with net.ipv4.tcp_migrate_req, moves the ones still queued here); Kestrel's accept loop
    /// for the port ends as it does when the server unbinds it. Connections already accepted go on.
    /// </summary>
    public void Leave() => Interlocked.Exchange(ref _socket, null)?.Dispose();
}
