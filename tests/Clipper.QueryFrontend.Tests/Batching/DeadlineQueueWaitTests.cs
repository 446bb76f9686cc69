using System.Collections.Concurrent;
using Clipper.QueryFrontend.Batching;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class DeadlineQueueWaitTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_fillWait = TimeSpan.FromMilliseconds(10);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task DequeueBatchAsync_WaitingWhenAnItemArrives_Completes()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var batch = new TestItem[4];

        ValueTask<int> dequeue = queue.DequeueBatchAsync(batch, 4, TimeSpan.Zero);
        Assert.False(dequeue.IsCompleted);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));

        Assert.Equal(1, await dequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal("a", batch[0].Name);
    }

    [Fact]
    public async Task DequeueBatchAsync_FillWaitZero_ReturnsWhatIsQueuedWithoutWaiting()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));

        ValueTask<int> dequeue = queue.DequeueBatchAsync(new TestItem[4], 4, TimeSpan.Zero);

        Assert.True(dequeue.IsCompletedSuccessfully);
        Assert.Equal(1, await dequeue);
    }

    [Fact]
    public async Task DequeueBatchAsync_FillWaitAndTheBatchFills_ReturnsAsSoonAsItIsFull()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var batch = new TestItem[4];
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));

        ValueTask<int> dequeue = queue.DequeueBatchAsync(batch, 3, s_fillWait);
        Assert.False(dequeue.IsCompleted);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b", 100)));
        Assert.False(dequeue.IsCompleted);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "c", 50)));

        Assert.Equal(3, await dequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal(["c", "a", "b"], batch.Take(3).Select(i => i.Name));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task DequeueBatchAsync_FillWaitElapses_ReturnsAPartialBatch()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var batch = new TestItem[4];
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));
        ValueTask<int> dequeue = queue.DequeueBatchAsync(batch, 4, s_fillWait);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b", 100)));

        _time.Advance(s_fillWait - TimeSpan.FromMilliseconds(1));
        Assert.False(dequeue.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(2, await dequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal(["a", "b"], batch.Take(2).Select(i => i.Name));
    }

    [Fact]
    public async Task DequeueBatchAsync_FillWait_StartsWhenTheFirstItemArrives()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var batch = new TestItem[4];
        ValueTask<int> dequeue = queue.DequeueBatchAsync(batch, 4, s_fillWait);
        _time.Advance(s_fillWait * 3);
        Assert.False(dequeue.IsCompleted);

        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));
        Assert.False(dequeue.IsCompleted);
        _time.Advance(s_fillWait);

        Assert.Equal(1, await dequeue.AsTask().WaitAsync(s_timeout));
    }

    [Fact]
    public async Task DequeueBatchAsync_SeveralWaiters_ServedInArrivalOrderBehindAFillingOne()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var first = new TestItem[2];
        var second = new TestItem[2];
        ValueTask<int> firstDequeue = queue.DequeueBatchAsync(first, 2, s_fillWait);
        ValueTask<int> secondDequeue = queue.DequeueBatchAsync(second, 2, s_fillWait);

        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b", 100)));
        Assert.Equal(2, await firstDequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal(["a", "b"], first.Select(i => i.Name));
        Assert.False(secondDequeue.IsCompleted);

        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "c", 100)));
        _time.Advance(s_fillWait);
        Assert.Equal(1, await secondDequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal("c", second[0].Name);
    }

    [Fact]
    public async Task DequeueBatchAsync_ItemsArrivingBeforeTheWokenCallerRuns_JoinItsBatchUntilFull()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var first = new TestItem[4];
        var second = new TestItem[4];
        ValueTask<int> firstDequeue = queue.DequeueBatchAsync(first, 3, TimeSpan.Zero);
        ValueTask<int> secondDequeue = queue.DequeueBatchAsync(second, 3, TimeSpan.Zero);

        // Under the queue's lock the caller woken by "a" cannot resume: "b" and "c" join its batch, and "d", finding it
        // full, wakes the second caller.
        queue.RunLocked(() =>
        {
            foreach (var name in new[] { "a", "b", "c", "d" })
            {
                Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, name, 100)));
            }
        });

        Assert.Equal(3, await firstDequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal(["a", "b", "c"], first.Take(3).Select(i => i.Name));
        Assert.Equal(1, await secondDequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal("d", second[0].Name);
    }

    [Fact]
    public async Task DequeueBatchAsync_ItemArrivingAfterTheWokenCallerRan_WakesTheNextCaller()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var first = new TestItem[4];
        var second = new TestItem[4];
        ValueTask<int> firstDequeue = queue.DequeueBatchAsync(first, 3, TimeSpan.Zero);
        ValueTask<int> secondDequeue = queue.DequeueBatchAsync(second, 3, TimeSpan.Zero);

        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));
        Assert.Equal(1, await firstDequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b", 100)));

        Assert.Equal(1, await secondDequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal("b", second[0].Name);
        Assert.Null(first[1]);
    }

    [Fact]
    public async Task DequeueBatchAsync_CallerArrivingWhileOthersWait_DoesNotOvertakeThem()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var waiting = new TestItem[1];
        ValueTask<int> waitingDequeue = queue.DequeueBatchAsync(waiting, 1, TimeSpan.Zero);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));
        ValueTask<int> lateDequeue = queue.DequeueBatchAsync(new TestItem[1], 1, TimeSpan.Zero);

        Assert.Equal(1, await waitingDequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal("a", waiting[0].Name);
        Assert.False(lateDequeue.IsCompleted);
        queue.Complete();
        Assert.Equal(0, await lateDequeue.AsTask().WaitAsync(s_timeout));
    }

    [Fact]
    public async Task DequeueBatchAsync_WaiterHandedOnlyExpiredItems_AnswersThemAndKeepsWaiting()
    {
        ConcurrentQueue<TestItem> expired = new();
        DeadlineQueue<TestItem> queue = new(100, _time, expired.Enqueue);
        var batch = new TestItem[4];
        ValueTask<int> dequeue = queue.DequeueBatchAsync(batch, 1, TimeSpan.Zero);

        // Already past its deadline when it arrives.
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(new TestItem("late", _time.GetTimestamp())));
        Assert.True(SpinWait.SpinUntil(() => expired.Count == 1, s_timeout));
        Assert.False(dequeue.IsCompleted);

        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "live", 100)));
        Assert.Equal(1, await dequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal("live", batch[0].Name);
    }

    [Fact]
    public async Task DequeueBatchAsync_CancelledWhileWaiting_ReturnsZero()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        using CancellationTokenSource cts = new();
        ValueTask<int> dequeue = queue.DequeueBatchAsync(new TestItem[1], 1, TimeSpan.Zero, cts.Token);
        Assert.False(dequeue.IsCompleted);

        await cts.CancelAsync();

        Assert.Equal(0, await dequeue.AsTask().WaitAsync(s_timeout));
    }

    [Fact]
    public async Task DequeueBatchAsync_AlreadyCancelledWithItemsQueued_ReturnsZero()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));

        ValueTask<int> dequeue = queue.DequeueBatchAsync(new TestItem[1], 1, TimeSpan.Zero, new CancellationToken(canceled: true));

        Assert.Equal(0, await dequeue);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task DequeueBatchAsync_FillingWaiterCancelled_PassesItsItemsToTheNextWaiter()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        using CancellationTokenSource cts = new();
        ValueTask<int> filling = queue.DequeueBatchAsync(new TestItem[4], 4, s_fillWait, cts.Token);
        var next = new TestItem[4];
        ValueTask<int> nextDequeue = queue.DequeueBatchAsync(next, 4, TimeSpan.Zero);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));
        Assert.False(filling.IsCompleted);

        await cts.CancelAsync();

        Assert.Equal(0, await filling.AsTask().WaitAsync(s_timeout));
        Assert.Equal(1, await nextDequeue.AsTask().WaitAsync(s_timeout));
        Assert.Equal("a", next[0].Name);
    }

    [Fact]
    public async Task Complete_WaitersPending_WakesEveryWaiterWithZero()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        ValueTask<int> filling = queue.DequeueBatchAsync(new TestItem[4], 4, s_fillWait);
        ValueTask<int> idle = queue.DequeueBatchAsync(new TestItem[4], 4, s_fillWait);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));

        queue.Complete();

        Assert.Equal(0, await filling.AsTask().WaitAsync(s_timeout));
        Assert.Equal(0, await idle.AsTask().WaitAsync(s_timeout));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task DequeueBatchAsync_ManyWaits_ReuseWaiters()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var batch = new TestItem[2];
        for (int i = 0; i < 100; i++)
        {
            ValueTask<int> dequeue = queue.DequeueBatchAsync(batch, 2, s_fillWait);
            Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a" + i, 100)));
            if (i % 2 == 0)
            {
                Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b" + i, 100)));
            }
            else
            {
                _time.Advance(s_fillWait);
            }

            Assert.Equal(i % 2 == 0 ? 2 : 1, await dequeue.AsTask().WaitAsync(s_timeout));
            Assert.Equal("a" + i, batch[0].Name);
        }
    }

    private DeadlineQueue<TestItem> CreateQueue() => new(100, _time, _ => Assert.Fail("nothing should expire"));
}
