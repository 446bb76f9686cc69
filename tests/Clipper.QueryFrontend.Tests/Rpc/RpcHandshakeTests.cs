using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Tests.Rpc;

public sealed class RpcHandshakeTests
{
    [Fact]
    public async Task OnConnected_ValidHello_WelcomesWithAReplicaIdAndTheHeartbeatInterval()
    {
        await using var harness = new RpcHarness();

        var first = await harness.ConnectAsync();
        var second = await harness.ConnectAsync();

        Assert.Equal(ProtocolConstants.Version, first.Welcome!.ProtocolVersion);
        Assert.Equal(1000, first.Welcome.HeartbeatIntervalMs);
        Assert.Equal([0, 1], new[] { first.Welcome.ReplicaId, second.Welcome!.ReplicaId });
        Assert.Equal(2, harness.Runtime.Replicas.Length);
        Assert.Equal(2, harness.Directory.Recorded.Count);
    }

    [Fact]
    public async Task OnConnected_FirstFrameNotHello_IsRefusedWithAGoodbyeNamingIt()
    {
        await using var harness = new RpcHarness();
        var connection = harness.Open();

        await connection.Container.SendHeartbeatAsync();

        Assert.Equal("the first frame must be Hello; got Heartbeat", await connection.Container.ReadGoodbyeAsync());
        await connection.WaitHandledAsync();
        Assert.Empty(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task OnConnected_ContainerOfProtocolVersion1_IsRefusedWithAGoodbyeNamingBothVersions()
    {
        await using var harness = new RpcHarness();
        var connection = harness.Open();

        await connection.Container.SendAsync(o => MessageCodec.WriteHello(o, new HelloMessage(1, "m", "1", InputType.Doubles, "old-container")));

        var refusal = await connection.Container.ReadGoodbyeAsync();
        Assert.Equal("malformed Hello: Hello.protocol_version: received protocol version 1; expected 2 or 3, the versions this side speaks.", refusal);
        await connection.WaitHandledAsync();
        Assert.Empty(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task OnConnected_HelloWithAnInvalidModelName_IsRefused()
    {
        await using var harness = new RpcHarness();
        var connection = harness.Open();

        await connection.Container.SendHelloAsync(model: "Not_A_Label");

        var refusal = await connection.Container.ReadGoodbyeAsync();
        Assert.StartsWith("malformed Hello: Hello.model_name", refusal, StringComparison.Ordinal);
        Assert.Contains("Not_A_Label", refusal, StringComparison.Ordinal);
        await connection.WaitHandledAsync();
    }

    [Fact]
    public async Task OnConnected_HelloFrameLargerThanAnyHello_IsRefusedBeforeItIsBuffered()
    {
        await using var harness = new RpcHarness();
        var connection = harness.Open();

        // A length prefix of 1 MiB: a hello is well under 4 KiB, so the frontend refuses without waiting for the body.
        await connection.Container.SendRawAsync(0x00, 0x10, 0x00, 0x00, (byte)MessageType.Hello);

        Assert.Contains("4096", await connection.Container.ReadGoodbyeAsync(), StringComparison.Ordinal);
        await connection.WaitHandledAsync();
    }

    [Fact]
    public async Task OnConnected_InputTypeOtherThanTheRegisteredOne_IsRefusedNamingBoth()
    {
        await using var harness = new RpcHarness();
        var connection = harness.Open();

        await connection.Container.SendHelloAsync(inputType: InputType.Strings);

        Assert.Equal("model version m:1 takes doubles inputs; the container serves strings", await connection.Container.ReadGoodbyeAsync());
        await connection.WaitHandledAsync();
        Assert.Empty(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task OnConnected_NoHelloWithinTheHandshakeTimeout_IsRefusedNamingTheOption()
    {
        await using var harness = new RpcHarness(options => options.HandshakeTimeout = TimeSpan.FromSeconds(5));
        var connection = harness.Open();

        var goodbye = connection.Container.ReadGoodbyeAsync();
        while (!goodbye.IsCompleted)
        {
            await harness.AdvanceAsync(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        Assert.Equal("no Hello within the handshake timeout (5 s, option HandshakeTimeout)", await goodbye);
        await connection.WaitHandledAsync();
    }

    [Fact]
    public async Task OnConnected_ConnectionClosedBeforeAHello_EndsWithoutAReplica()
    {
        await using var harness = new RpcHarness();
        var connection = harness.Open();

        await connection.Container.SendRawAsync(0x00, 0x00);
        await connection.Container.CloseAsync();

        await connection.WaitHandledAsync();
        Assert.Empty(harness.Runtime.Replicas);
        Assert.Empty(harness.Directory.Recorded);
    }
}
