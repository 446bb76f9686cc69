using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;

namespace Clipper.ModelRpc.Tests.Serving;

public class ModelContainerConnectionTests
{
    private static readonly TimeSpan s_timeout = FakeFrontend.Timeout;

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 2, 12, 0xC0 }, "unknown type 12")]
    [InlineData(new byte[] { 0, 0, 0, 2, 9, 0xC0 }, "Received a Grant frame after the handshake")]
    [InlineData(new byte[] { 0, 0, 0, 0 }, "length 0")]
    [InlineData(new byte[] { 0, 0, 0, 2, 2, 0xC0 }, "Received a Welcome frame after the handshake")]
    [InlineData(new byte[] { 0, 0, 0, 3, 3, 0x91, 0xC0 }, "BatchRequest: expected an array of 4 elements")]
    public async Task RunAsync_BadFrameFromTheFrontend_LogsItAndReconnects(byte[] badFrame, string expectedReason)
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);
        FrontendConnection first = await frontend.AcceptAndWelcomeAsync();
        await container.Container.WhenReady.WaitAsync(s_timeout);

        await first.SendRawAsync(badFrame);
        await first.ReadUntilClosedAsync();
        (FrontendConnection second, _) = await frontend.AcceptHelloAsync();
        await second.WelcomeAsync();
        await second.SendBatchAsync(1, InputType.Strings, Encoding.UTF8.GetBytes("still serving"));

        (ulong batchId, List<(bool IsError, string Text)> results) = await second.ReadResponseAsync();
        Assert.Equal(1ul, batchId);
        Assert.Equal([(false, "still serving")], results);
        LogEntry error = Assert.Single(container.Logs.Entries, e => e.EventName == "ProtocolError");
        Assert.Contains(expectedReason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FrontendNotListeningAtFirst_ConnectsOnceItIs()
    {
        int port = FakeFrontend.GetUnusedPort();
        await using var container = TestContainer<string>.Start(port, InputType.Strings, inputs => [.. inputs]);
        await container.Logs.WaitForAsync("ConnectFailed", count: 3);

        await using var frontend = new FakeFrontend(port);
        await frontend.AcceptAndWelcomeAsync();

        await container.Container.WhenReady.WaitAsync(s_timeout);
        Assert.Contains(container.Logs.Entries, e => e.EventName == "ConnectFailed" && e.Message.Contains("(attempt 3)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_GoodbyeFromTheFrontend_LogsItAndReconnects()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);
        FrontendConnection first = await frontend.AcceptAndWelcomeAsync();

        await first.SendAsync(o => MessageCodec.WriteGoodbye(o, new GoodbyeMessage("frontend stopping")));
        await first.ReadUntilClosedAsync();

        await frontend.AcceptAndWelcomeAsync();
        await container.Logs.WaitForAsync("GoodbyeReceived");
        Assert.Contains(container.Logs.Entries, e => e.EventName == "GoodbyeReceived" && e.Message.Contains("frontend stopping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_FrameCutOffByTheFrontendClosing_LogsAProtocolErrorNamingTheLimit()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);
        FrontendConnection first = await frontend.AcceptAndWelcomeAsync();
        await container.Container.WhenReady.WaitAsync(s_timeout);

        // Read what the container sent first: closing with unread bytes would reset the connection
        // instead of ending the stream inside the frame.
        await first.WaitForGrantAsync();
        await first.SendRawAsync([0, 0, 0, 50, 3, 0x93]);
        await first.DisposeAsync();

        await container.Logs.WaitForAsync("ProtocolError");
        LogEntry error = Assert.Single(container.Logs.Entries, e => e.EventName == "ProtocolError");
        Assert.Contains("ended inside a frame: received 2 of its 50 bytes (MaxFrameBytes is", error.Message, StringComparison.Ordinal);
        await frontend.AcceptHelloAsync();
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheContainerAndRemovesTheReadyFile()
    {
        await using var frontend = new FakeFrontend();
        var options = TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings);
        string readyFile = Path.Combine(Path.GetTempPath(), "clipper-ready-" + Guid.NewGuid().ToString("N"));
        options.ReadyFilePath = readyFile;
        await using var container = new Clipper.ModelRpc.Serving.ModelContainer<string>(options, (inputs, _) => ValueTask.FromResult<IReadOnlyList<string>>([.. inputs]));
        using var cancellation = new CancellationTokenSource();
        Task run = container.RunAsync(cancellation.Token);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();
        await container.WhenReady.WaitAsync(s_timeout);
        Assert.True(File.Exists(readyFile));

        await cancellation.CancelAsync();
        await run.WaitAsync(s_timeout);

        Assert.False(container.IsReady);
        Assert.False(File.Exists(readyFile));
        await connection.ReadUntilClosedAsync();
    }
}
