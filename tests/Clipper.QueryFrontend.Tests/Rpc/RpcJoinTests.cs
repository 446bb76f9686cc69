using System.Net;
using Clipper.ModelRpc.Security;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>Who may join as a replica: the cluster's join token when the frontend has one, else loopback peers only.</summary>
public sealed class RpcJoinTests
{
    private static readonly IPEndPoint s_remote = new(IPAddress.Parse("10.1.2.3"), 40123);
    private readonly ClusterToken _token = ClusterToken.Create();

    [Fact]
    public async Task OnConnected_FrontendWithTokenAndContainerWithout_IsRefusedSayingWhatToSet()
    {
        await using var harness = new RpcHarness(options => options.JoinToken = _token);
        var connection = harness.Open(s_remote);

        await connection.Container.SendHelloAsync();

        Assert.Equal("the container sent no join token; this frontend requires the cluster's (set CLIPPER_JOIN_TOKEN in the container)", await connection.Container.ReadGoodbyeAsync());
        await connection.WaitHandledAsync();
        Assert.Empty(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task OnConnected_WrongToken_IsRefusedEvenFromLoopback()
    {
        await using var harness = new RpcHarness(options => options.JoinToken = _token);
        var connection = harness.Open(new IPEndPoint(IPAddress.Loopback, 40123));

        await connection.Container.SendHelloAsync(joinToken: ClusterToken.Create());

        Assert.Equal("the join token the container sent is not this cluster's", await connection.Container.ReadGoodbyeAsync());
        await connection.WaitHandledAsync();
        Assert.Empty(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task OnConnected_TheClustersToken_IsWelcomedFromAnyAddress()
    {
        await using var harness = new RpcHarness(options => options.JoinToken = _token);
        var connection = harness.Open(s_remote);

        await connection.Container.SendHelloAsync(joinToken: ClusterToken.Parse(_token.Value, "test"));

        Assert.NotNull(await connection.Container.ReadWelcomeAsync());
        await RpcHarness.WaitUntilAsync(() => harness.Runtime.Replicas.Length == 1, "the replica joined");
    }

    [Fact]
    public async Task OnConnected_FrontendWithoutTokenAndPeerBeyondLoopback_IsRefusedLoopbackOnly()
    {
        await using var harness = new RpcHarness();
        var connection = harness.Open(s_remote);

        await connection.Container.SendHelloAsync(joinToken: _token);

        Assert.StartsWith("this frontend has no join token, so it accepts containers from loopback only", await connection.Container.ReadGoodbyeAsync(), StringComparison.Ordinal);
        await connection.WaitHandledAsync();
        Assert.Empty(harness.Runtime.Replicas);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task OnConnected_FrontendWithoutTokenAndLoopbackPeer_IsWelcomed(string address)
    {
        await using var harness = new RpcHarness();
        var connection = harness.Open(new IPEndPoint(IPAddress.Parse(address), 40123));

        await connection.Container.SendHelloAsync();

        Assert.NotNull(await connection.Container.ReadWelcomeAsync());
    }
}
