using System.Buffers;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Queries;

public sealed class QueryCompletionTaskTests
{
    [Fact]
    public void Completion_BeforeAnyCompletion_IsPending()
    {
        Query query = TestQueries.Create();
        query.TryBeginCopy();
        query.EndCopy();

        Assert.False(query.Completion.IsCompleted);
        Assert.False(query.IsCompleted);
    }

    [Fact]
    public async Task Completion_AfterCompletion_IsCompletedSuccessfully()
    {
        Query query = TestQueries.Create();

        query.TryCompleteWithDefault(DefaultReason.NoReplicaConnected);

        Assert.True(query.Completion.IsCompletedSuccessfully);
        await query.Completion;
    }

    [Fact]
    public async Task Completion_AwaitedBeforeCompletion_FinishesOnceCompleted()
    {
        Query query = TestQueries.Create();
        Task waiting = AwaitAsync(query);
        Assert.False(waiting.IsCompleted);

        query.TryCompleteWithOutput(new ReadOnlySequence<byte>("[1]"u8.ToArray()));

        await waiting.WaitAsync(TestQueries.Timeout);
        Assert.Equal("[1]"u8.ToArray(), query.Output.ToArray());
    }

    [Fact]
    public async Task Completion_ContinuationRegisteredBeforeCompletion_DoesNotRunOnTheCompletingThread()
    {
        Query query = TestQueries.Create();
        TaskCompletionSource<bool> ranOnPool = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Registered from the pool, where no synchronization context is captured: only the
        // query's own scheduling decides where the continuation runs.
        await Task.Run(() => query.Completion.GetAwaiter().OnCompleted(
            () => ranOnPool.TrySetResult(Thread.CurrentThread.IsThreadPoolThread)));

        // A dedicated thread is never a pool thread: an inline continuation would report false.
        Thread completer = new(() => query.TryCompleteWithDefault(DefaultReason.ObjectiveMissed));
        completer.Start();
        Assert.True(completer.Join(TestQueries.Timeout));

        Assert.True(await ranOnPool.Task.WaitAsync(TestQueries.Timeout));
    }

    private static async Task AwaitAsync(Query query) => await query.Completion;
}
