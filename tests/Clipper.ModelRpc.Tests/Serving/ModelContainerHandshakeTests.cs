using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Clipper.ModelRpc.Tests.TestSupport;

namespace Clipper.ModelRpc.Tests.Serving;

public class ModelContainerHandshakeTests
{
    private static readonly TimeSpan s_timeout = FakeFrontend.Timeout;

    [Fact]
    public async Task Hello_CarriesTheOptionsFields()
    {
        await using var frontend = new FakeFrontend();
        ModelContainerOptions options = TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings);
        await using var container = TestContainer<string>.Start(options, (inputs, _) => ValueTask.FromResult<IReadOnlyList<string>>([.. inputs]));

        (_, HelloMessage hello) = await frontend.AcceptHelloAsync();

        Assert.Equal(new HelloMessage(ProtocolConstants.Version, "test-model", "v1", InputType.Strings, options.ContainerId), hello);
    }

    [Fact]
    public async Task Welcome_Received_MakesTheContainerReadyUntilADisconnect()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);
        (FrontendConnection connection, _) = await frontend.AcceptHelloAsync();
        Assert.False(container.Container.IsReady);
        Assert.False(File.Exists(container.ReadyFilePath));

        await connection.WelcomeAsync(replicaId: 42);
        await container.Container.WhenReady.WaitAsync(s_timeout);

        Assert.True(container.Container.IsReady);
        Assert.Equal(42, container.Container.ReplicaId);
        Assert.True(File.Exists(container.ReadyFilePath));

        await connection.DisposeAsync();
        await container.Logs.WaitForAsync("NotReady");

        Assert.False(container.Container.IsReady);
        Assert.Null(container.Container.ReplicaId);
        Assert.False(File.Exists(container.ReadyFilePath));

        FrontendConnection again = await frontend.AcceptAndWelcomeAsync(replicaId: 43);
        await container.Container.WhenReady.WaitAsync(s_timeout);
        Assert.Equal(43, container.Container.ReplicaId);
        Assert.True(File.Exists(container.ReadyFilePath));
    }

    [Fact]
    public async Task Handshake_RefusedWithAGoodbye_LogsTheReasonAndTriesAgain()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);
        (FrontendConnection refused, _) = await frontend.AcceptHelloAsync();

        await refused.SendAsync(o => MessageCodec.WriteGoodbye(o, new GoodbyeMessage("model version registered with input type doubles")));
        await refused.ReadUntilClosedAsync();

        await container.Logs.WaitForAsync("Refused");
        Assert.Contains(container.Logs.Entries, e => e.EventName == "Refused" && e.Message.Contains("registered with input type doubles", StringComparison.Ordinal));
        await frontend.AcceptHelloAsync();
        Assert.False(container.Container.IsReady);
    }

    [Fact]
    public async Task Connect_HostNameResolvingToSeveralAddresses_ConnectsToTheOneListening()
    {
        await using var frontend = new FakeFrontend();
        ModelContainerOptions options = TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings);
        options.FrontendHost = "localhost";
        await using var container = TestContainer<string>.Start(options, (inputs, _) => ValueTask.FromResult<IReadOnlyList<string>>([.. inputs]));

        await frontend.AcceptAndWelcomeAsync();

        await container.Container.WhenReady.WaitAsync(s_timeout);
    }

    [Fact]
    public async Task WhenReady_ContainerStops_IsCancelled()
    {
        await using var frontend = new FakeFrontend();
        var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);
        Task whenReady = container.Container.WhenReady;

        await container.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => whenReady.WaitAsync(s_timeout));
    }

    [Fact]
    public async Task RunAsync_CalledTwice_Throws()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => container.Container.RunAsync());
    }

    [Fact]
    public void Constructor_InputTypeNotMatchingTInput_Throws()
    {
        ModelContainerOptions options = TestContainer<string>.CreateOptions(7000, InputType.Doubles);

        var ex = Assert.Throws<ArgumentException>(() => new ModelContainer<string>(options, (inputs, _) => ValueTask.FromResult<IReadOnlyList<string>>([])));

        Assert.Contains("delivers Double[] inputs, but the predict function takes String", ex.Message, StringComparison.Ordinal);
    }
}
