using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Clipper.ModelRpc.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.ModelRpc.Tests.Serving;

public class ModelContainerHeartbeatTests
{
    private static readonly TimeSpan s_timeout = FakeFrontend.Timeout;

    [Fact]
    public async Task Heartbeat_IdleForOneInterval_IsSentByTheContainer()
    {
        await using var frontend = new FakeFrontend();
        var time = new FakeTimeProvider();
        await using var container = Start(frontend, time);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync(heartbeatIntervalMs: 1000);
        await container.Container.WhenReady.WaitAsync(s_timeout);

        time.Advance(TimeSpan.FromMilliseconds(999));
        time.Advance(TimeSpan.FromMilliseconds(1));
        ReceivedFrame frame = await connection.ReadFrameAsync(skipHeartbeats: false);

        Assert.Equal(MessageType.Heartbeat, frame.Type);
        Assert.True(MessageCodec.TryReadHeartbeat(frame.Sequence, out _));
    }

    [Fact]
    public async Task Heartbeat_FramesFromTheFrontend_KeepTheConnectionAlive()
    {
        await using var frontend = new FakeFrontend();
        var time = new FakeTimeProvider();
        await using var container = Start(frontend, time);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync(heartbeatIntervalMs: 1000);
        await container.Container.WhenReady.WaitAsync(s_timeout);

        for (ulong i = 0; i < 10; i++)
        {
            // The response proves the container read the heartbeat before the clock moves on.
            await connection.SendAsync(MessageCodec.WriteHeartbeat);
            await connection.SendBatchAsync(i, InputType.Strings, [(byte)'x']);
            await connection.ReadResponseAsync();
            time.Advance(TimeSpan.FromMilliseconds(1000));
        }

        Assert.True(container.Container.IsReady);
        Assert.Equal(0, container.Logs.Count("HeartbeatTimedOut"));
    }

    [Fact]
    public async Task Heartbeat_FrontendSilentForThreeIntervals_DisconnectsAndReconnects()
    {
        await using var frontend = new FakeFrontend();
        var time = new FakeTimeProvider();
        await using var container = Start(frontend, time);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync(heartbeatIntervalMs: 1000);
        await container.Container.WhenReady.WaitAsync(s_timeout);

        time.Advance(TimeSpan.FromMilliseconds(2500));
        Assert.Equal(0, container.Logs.Count("HeartbeatTimedOut"));
        time.Advance(TimeSpan.FromMilliseconds(500));

        // The container arms its timers as it handles the welcome, which a loaded machine may do after the clock
        // moved: keep the clock moving until the silence is noticed (the message names the 3000 ms it waited).
        using var deadline = new CancellationTokenSource(s_timeout);
        while (container.Logs.Count("HeartbeatTimedOut") == 0 && !deadline.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(5);
        }

        await container.Logs.WaitForAsync("HeartbeatTimedOut");
        await connection.ReadUntilClosedAsync();

        // The reconnect waits out a backoff delay on the fake clock: keep it moving until the container is back.
        Task<FrontendConnection> reconnect = frontend.AcceptAndWelcomeAsync();
        while (!reconnect.IsCompleted && !deadline.IsCancellationRequested)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.Delay(5);
        }

        await reconnect.WaitAsync(s_timeout);
        // The silence is reported as measured: 3000 ms, or more when the clock moved on before the timer was armed.
        var timedOut = container.Logs.Entries.First(e => e.EventName == "HeartbeatTimedOut");
        var silence = System.Text.RegularExpressions.Regex.Match(timedOut.Message, @"for (\d+) ms \(3 heartbeat intervals\)");
        Assert.True(silence.Success, timedOut.Message);
        Assert.InRange(int.Parse(silence.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 3000, 60_000);
    }

    private static TestContainer<string> Start(FakeFrontend frontend, FakeTimeProvider time)
    {
        ModelContainerOptions options = TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings);
        options.TimeProvider = time;
        return TestContainer<string>.Start(options, (inputs, _) => ValueTask.FromResult<IReadOnlyList<string>>([.. inputs]));
    }
}
