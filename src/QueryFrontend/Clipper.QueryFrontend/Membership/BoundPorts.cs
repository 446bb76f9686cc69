using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Clipper.QueryFrontend.Membership;

/// <summary>The ports Kestrel bound, in the order the endpoints were configured: HTTP, RPC, then the shared HTTP port.</summary>
internal static class BoundPorts
{
    public static List<int> Read(IServer server)
    {
        var ports = new List<int>();
        if (server.Features.Get<IServerAddressesFeature>() is { } feature)
        {
            foreach (var address in feature.Addresses)
            {
                ports.Add(new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port);
            }
        }

        return ports;
    }
}
