using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>This machine's own addresses, for tests of what a caller from beyond loopback is allowed.</summary>
public static class LocalAddresses
{
    /// <summary>An IPv4 address of an interface that is up and is not loopback; a request to it comes from that address.</summary>
    /// <exception cref="InvalidOperationException">The machine has none (the tests that need one cannot run).</exception>
    public static IPAddress NonLoopbackIPv4()
    {
        foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (network.OperationalStatus != OperationalStatus.Up || network.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in network.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address))
                {
                    return unicast.Address;
                }
            }
        }

        throw new InvalidOperationException("This machine has no IPv4 address beyond loopback; the access tests need one to call from.");
    }
}
