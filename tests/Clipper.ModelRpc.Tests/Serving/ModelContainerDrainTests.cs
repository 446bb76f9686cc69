using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Clipper.ModelRpc.Tests.TestSupport;

namespace Clipper.ModelRpc.Tests.Serving;

public class ModelContainerDrainTests
{
    private static readonly TimeSpan s_timeout = FakeFrontend.Timeout;

    [Fact]
    public async Task Drain_BatchInFlight_SendsGoodbyeAnswersItIgnoresLaterBatchesAndCloses()
    {
        await using var frontend = new FakeFrontend();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;
        ModelContainerOptions options = TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings);
        await using var container = TestContainer<string>.Start(options, async (inputs, _) =>
        {
            Interlocked.Increment(ref calls);
            entered.TrySetResult();
            return await release.Task;
        });
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();
        await container.Container.WhenReady.WaitAsync(s_timeout);
        Assert.True(File.Exists(container.ReadyFilePath));
        await connection.SendBatchAsync(1, InputType.Strings, Encoding.UTF8.GetBytes("in flight"));
        await entered.Task.WaitAsync(s_timeout);

        Task drain = container.Container.DrainAsync();

        Assert.False(container.Container.IsReady);
        Assert.False(File.Exists(container.ReadyFilePath));
        ReceivedFrame goodbye = await connection.ReadFrameAsync();
        Assert.Equal(MessageType.Goodbye, goodbye.Type);
        Assert.True(MessageCodec.TryReadGoodbye(goodbye.Sequence, out GoodbyeMessage? message, out _));
        Assert.Equal(ProtocolConstants.DrainingReason, message.Reason);

        // A batch that crossed the Goodbye: sent without a grant, since the drain took it back.
        await connection.SendBatchUngrantedAsync(2, InputType.Strings, Encoding.UTF8.GetBytes("too late"));
        await container.Logs.WaitForAsync("BatchIgnoredWhileDraining");
        release.SetResult(["answered"]);
        (ulong batchId, List<(bool IsError, string Text)> results) = await connection.ReadResponseAsync();
        Assert.Equal(1ul, batchId);
        Assert.Equal([(false, "answered")], results);

        Assert.Empty(await connection.ReadUntilClosedAsync());
        await connection.DisposeAsync();
        await drain.WaitAsync(s_timeout);
        await container.Run.WaitAsync(s_timeout);
        Assert.Equal(1, calls);
        Assert.Equal(1, container.Logs.Count("Drained"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => container.Container.WhenReady);
    }

    [Fact]
    public async Task Drain_WhileTheFrontendIsAway_StopsWithoutConnecting()
    {
        int port = FakeFrontend.GetUnusedPort();
        await using var container = TestContainer<string>.Start(port, InputType.Strings, inputs => [.. inputs]);
        await container.Logs.WaitForAsync("ConnectFailed");

        await container.Container.DrainAsync().WaitAsync(s_timeout);

        await container.Run.WaitAsync(s_timeout);
        Assert.Equal(0, container.Logs.Count("Connected"));
    }

    [Fact]
    public async Task Drain_WhenTheBatchInFlightOutlastsDrainTimeout_ClosesAnyway()
    {
        await using var frontend = new FakeFrontend();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ModelContainerOptions options = TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings);
        options.DrainTimeout = TimeSpan.FromMilliseconds(50);
        await using var container = TestContainer<string>.Start(options, async (inputs, cancellationToken) =>
        {
            entered.TrySetResult();
            await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            return [];
        });
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();
        await connection.SendBatchAsync(1, InputType.Strings, Encoding.UTF8.GetBytes("slow"));
        await entered.Task.WaitAsync(s_timeout);

        await container.Container.DrainAsync().WaitAsync(s_timeout);

        List<ReceivedFrame> frames = await connection.ReadUntilClosedAsync();
        Assert.Equal([MessageType.Goodbye], frames.Select(f => f.Type));
        Assert.Equal(1, container.Logs.Count("DrainTimedOut"));
    }
}
