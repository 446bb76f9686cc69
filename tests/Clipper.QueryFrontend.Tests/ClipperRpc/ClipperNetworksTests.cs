using System.Net;
using System.Net.Sockets;
using Clipper.QueryFrontend;
using Clipper.QueryFrontend.ClipperRpc;

namespace Clipper.QueryFrontend.Tests.ClipperRpc;

public sealed class ClipperNetworksTests
{
    private static IPEndPoint At(string address) => new(IPAddress.Parse(address), 40000);

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData(" 192.168.1.0/24 ")]
    [InlineData("fd00::/8")]
    [InlineData("10.1.2.3")]
    [InlineData("::1")]
    [InlineData("attached")]
    [InlineData("any")]
    public void Problem_ValidEntry_IsNull(string entry) => Assert.Null(ClipperNetworks.Problem(entry));

    [Theory]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0/8")]
    [InlineData("")]
    [InlineData("everywhere")]
    [InlineData("ANY")]
    [InlineData("10.0.0.0/-1")]
    public void Problem_InvalidEntry_NamesItAndWhatIsExpected(string entry)
    {
        var problem = ClipperNetworks.Problem(entry);

        Assert.Equal($"'{entry}' is not {ClipperNetworks.Expected}", problem);
    }

    [Fact]
    public void Allows_NoEntries_LoopbackAndLocalTransportsOnly()
    {
        var networks = ClipperNetworks.Create([]);

        Assert.True(networks.Allows(At("127.0.0.1")));
        Assert.True(networks.Allows(At("127.8.9.10")));
        Assert.True(networks.Allows(At("::1")));
        Assert.True(networks.Allows(At("::ffff:127.0.0.1")));
        Assert.True(networks.Allows(null));
        Assert.True(networks.Allows(new UnixDomainSocketEndPoint("/tmp/clipper.sock")));
        Assert.False(networks.Allows(At("10.0.0.5")));
        Assert.False(networks.Allows(At("fd00::5")));
        Assert.False(networks.Allows(new DnsEndPoint("example", 1)));
        Assert.Equal("loopback only", networks.Describe());
    }

    [Fact]
    public void Allows_Networks_TheirAddressesIncludingIPv4MappedOnes()
    {
        var networks = ClipperNetworks.Create(["10.88.0.0/24", "192.168.7.9", "fd00::/8"]);

        Assert.True(networks.Allows(At("10.88.0.17")));
        Assert.True(networks.Allows(At("::ffff:10.88.0.17")));
        Assert.False(networks.Allows(At("10.88.1.17")));
        Assert.True(networks.Allows(At("192.168.7.9")));
        Assert.False(networks.Allows(At("192.168.7.10")));
        Assert.True(networks.Allows(At("fd12::1")));
        Assert.Equal("loopback and 10.88.0.0/24, 192.168.7.9/32, fd00::/8", networks.Describe());
    }

    [Fact]
    public void Allows_Any_EveryAddress()
    {
        var networks = ClipperNetworks.Create(["any"]);

        Assert.True(networks.Allows(At("203.0.113.7")));
        Assert.True(networks.Allows(new DnsEndPoint("example", 1)));
        Assert.Equal("any address", networks.Describe());
    }

    [Fact]
    public void Allows_Attached_TheNetworksOfThisHostsInterfaces()
    {
        var address = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(static nic => nic.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(static nic => nic.GetIPProperties().UnicastAddresses)
            .Select(static unicast => unicast.Address)
            .FirstOrDefault(static a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.NotNull(address);

        var networks = ClipperNetworks.Create(["attached"]);

        Assert.True(networks.Allows(new IPEndPoint(address!, 1)));
        Assert.False(networks.Allows(At("203.0.113.7")));
    }

    [Fact]
    public void Validate_BadNetwork_ThrowsNamingTheOptionAndTheEntry()
    {
        var options = new QueryFrontendOptions { RedisAddress = "127.0.0.1:6379", ClipperContainerNetworks = ["10.0.0.0/8", "10.0.0.1/8"] };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(nameof(QueryFrontendOptions.ClipperContainerNetworks), error.ParamName);
        Assert.StartsWith("ClipperContainerNetworks: '10.0.0.1/8' is not a CIDR network with its host bits zero", error.Message, StringComparison.Ordinal);
    }
}
