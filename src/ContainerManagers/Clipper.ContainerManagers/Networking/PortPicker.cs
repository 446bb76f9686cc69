using System.Net;
using System.Net.Sockets;

namespace Clipper.ContainerManagers.Networking;

/// <summary>Chooses the ports a cluster publishes on this machine: the one asked for, else the usual default when free, else any free port.</summary>
internal static class PortPicker
{
    /// <summary>
    /// <paramref name="requested"/> when not 0 (it must be free); otherwise <paramref name="preferred"/> when
    /// free and not in <paramref name="taken"/>, otherwise a free port the system picks.
    /// </summary>
    /// <exception cref="ContainerManagerException">A requested port is in use.</exception>
    public static int Pick(string what, int requested, int preferred, ISet<int> taken)
    {
        if (requested != 0)
        {
            if (taken.Contains(requested) || !IsFree(requested))
            {
                throw new ContainerManagerException($"The {what} port {requested} is in use on 127.0.0.1; give another port, or 0 to have one chosen.");
            }

            taken.Add(requested);
            return requested;
        }

        var port = !taken.Contains(preferred) && IsFree(preferred) ? preferred : AnyFree(taken);
        taken.Add(port);
        return port;
    }

    /// <summary>A free port the system picks, not in <paramref name="taken"/> (and added to it).</summary>
    public static int PickFree(ISet<int> taken)
    {
        var port = AnyFree(taken);
        taken.Add(port);
        return port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int AnyFree(ISet<int> taken)
    {
        while (true)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            if (!taken.Contains(port))
            {
                return port;
            }
        }
    }
}
