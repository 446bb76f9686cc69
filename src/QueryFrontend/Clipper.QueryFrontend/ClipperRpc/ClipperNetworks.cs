using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Clipper.ModelRpc.Security;

namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>
/// The addresses Clipper's own containers (Clipper's container RPC, over ZeroMQ) may connect from. They cannot present
/// a join token, so the only check is where they come from: loopback always, plus the networks the operator allows
/// (<see cref="QueryFrontendOptions.ClipperContainerNetworks"/>): CIDR networks, <c>attached</c> (the networks of this
/// frontend's own interfaces, read at start: on a Docker network or in a pod, the cluster's network) or <c>any</c>.
/// </summary>
internal sealed class ClipperNetworks
{
    /// <summary>The keyword for the networks of this machine's (container's, pod's) own interfaces.</summary>
    public const string Attached = "attached";

    /// <summary>The keyword for every address.</summary>
    public const string Any = "any";

    /// <summary>What an entry may be, for error messages.</summary>
    public const string Expected = "a CIDR network with its host bits zero such as 10.0.0.0/8 or fd00::/8, a single address, 'attached' (the networks of this host's own interfaces) or 'any'";

    private readonly IPNetwork[] _networks;
    private readonly bool _any;

    private ClipperNetworks(IPNetwork[] networks, bool any)
    {
        _networks = networks;
        _any = any;
    }

    /// <summary>Checks one entry; returns why it is not valid, or <see langword="null"/>.</summary>
    public static string? Problem(string entry)
    {
        var trimmed = entry.Trim();
        return trimmed is Attached or Any || TryParseNetwork(trimmed, out _)
            ? null
            : $"'{entry}' is not {Expected}";
    }

    /// <summary>Builds the list from validated entries, reading the interfaces' networks when <c>attached</c> is among them.</summary>
    public static ClipperNetworks Create(IEnumerable<string> entries)
    {
        var networks = new List<IPNetwork>();
        var any = false;
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry == Any)
            {
                any = true;
            }
            else if (entry == Attached)
            {
                networks.AddRange(AttachedNetworks());
            }
            else if (TryParseNetwork(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                throw new ArgumentException($"ClipperContainerNetworks: {Problem(raw)}.", nameof(QueryFrontendOptions.ClipperContainerNetworks));
            }
        }

        return new ClipperNetworks(networks.Distinct().ToArray(), any);
    }

    /// <summary>Whether a container connecting from <paramref name="remote"/> may be served.</summary>
    public bool Allows(EndPoint? remote) => remote switch
    {
        // A Unix socket or an in-process transport: no network peer at all.
        null or UnixDomainSocketEndPoint => true,
        IPEndPoint { Address: var address } => _any || Loopback.Contains(address) || Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address),
        _ => _any,
    };

    /// <summary>What is allowed, for the start-up log line and refusals.</summary>
    public string Describe() => _any
        ? "any address"
        : _networks.Length == 0 ? "loopback only" : "loopback and " + string.Join(", ", _networks);

    private bool Contains(IPAddress address)
    {
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses <c>address/prefix</c> or a single address, strictly: IPv4 as four dotted numbers, a prefix in range, and no
    /// host bits set (<c>10.0.0.1/8</c> is more likely a typo than a wish for all of 10/8).
    /// </summary>
    private static bool TryParseNetwork(string entry, out IPNetwork network)
    {
        network = default;
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var text = slash < 0 ? entry : entry[..slash];
        if (!IPAddress.TryParse(text, out var address)
            || (address.AddressFamily == AddressFamily.InterNetwork && text.Count(static c => c == '.') != 3))
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(entry.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return false;
        }

        if (!Masked(address, prefix).Equals(address))
        {
            return false;
        }

        network = new IPNetwork(address, prefix);
        return true;
    }

    /// <summary>The networks of this host's up, non-loopback interfaces (IPv6 link-local ones left out).</summary>
    private static IEnumerable<IPNetwork> AttachedNetworks()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus == OperationalStatus.Down || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || unicast.PrefixLength <= 0)
                {
                    continue;
                }

                yield return new IPNetwork(Masked(address, unicast.PrefixLength), unicast.PrefixLength);
            }
        }
    }

    private static IPAddress Masked(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
