using Clipper.QueryFrontend.Rpc;

namespace Clipper.QueryFrontend.Tests.Rpc;

public sealed class BatchAnsweredSignalTests
{
    [Fact]
    public async Task WaitAsync_AfterARelease_CompletesAtOnceAndConsumesIt()
    {
        var signal = new BatchAnsweredSignal();
        signal.Release();

        Assert.True(signal.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        var next = signal.WaitAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);
        signal.Release();
        await next.AsTask().WaitAsync(RpcHarness.Timeout);
    }

    [Fact]
    public async Task WaitAsync_ReleasedFromAnotherThread_Completes()
    {
        var signal = new BatchAnsweredSignal();
        for (var i = 0; i < 1_000; i++)
        {
            var wait = signal.WaitAsync(CancellationToken.None);
            var release = Task.Run(signal.Release);
            await wait.AsTask().WaitAsync(RpcHarness.Timeout);
            await release.WaitAsync(RpcHarness.Timeout);
        }
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ThrowsAndTheNextWaitStillWorks()
    {
        var signal = new BatchAnsweredSignal();
        using var stopping = new CancellationTokenSource();
        var wait = signal.WaitAsync(stopping.Token);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.AsTask().WaitAsync(RpcHarness.Timeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signal.WaitAsync(stopping.Token).AsTask());
        var next = signal.WaitAsync(CancellationToken.None);
        signal.Release();
        await next.AsTask().WaitAsync(RpcHarness.Timeout);
    }

    [Fact]
    public void Release_Twice_IsKeptAsOne()
    {
        var signal = new BatchAnsweredSignal();
        signal.Release();
        signal.Release();

        Assert.True(signal.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(signal.WaitAsync(CancellationToken.None).IsCompleted);
    }
}
