using System.Net;

namespace Clipper.ModelRpc.Security;

/// <summary>Whether a peer is on this machine's loopback, the one place callers and containers are trusted without a token.</summary>
public static class Loopback
{
    /// <summary>Whether <paramref name="address"/> is a loopback address, IPv4 seen through a dual-stack socket included (<c>::ffff:127.0.0.1</c>).</summary>
    /// <param name="address">The peer's address; <see langword="null"/> is not loopback.</param>
    /// <returns><see langword="true"/> for 127.0.0.0/8, ::1 and their IPv4-mapped forms.</returns>
    public static bool Contains(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
