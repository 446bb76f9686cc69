using Clipper.QueryFrontend.Batching;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class DeadlineQueueTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<TestItem> _expired = [];

    [Fact]
    public async Task DequeueBatchAsync_InterleavedEnqueues_ReturnsItemsInDeadlineOrder()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "c", 300)));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "d", 400)));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b", 200)));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a2", 100)));

        var batch = new TestItem[8];
        int first = await DequeueAsync(queue, batch, maxItems: 2);
        Assert.Equal(["a", "a2"], Names(batch, first));

        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b0", 150)));
        int second = await DequeueAsync(queue, batch, maxItems: 8);
        Assert.Equal(["b0", "b", "c", "d"], Names(batch, second));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void TryEnqueue_AtCapacity_ReturnsFull()
    {
        DeadlineQueue<TestItem> queue = CreateQueue(capacity: 2);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b", 100)));

        Assert.Equal(EnqueueResult.Full, queue.TryEnqueue(TestItem.DueIn(_time, "c", 100)));
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void TryEnqueue_AtCapacityWithAnsweredItems_MakesRoomByDiscardingThem()
    {
        DeadlineQueue<TestItem> queue = CreateQueue(capacity: 2);
        var answered = TestItem.DueIn(_time, "answered", 50);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(answered));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b", 100)));
        answered.IsCompleted = true;

        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "c", 100)));
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public async Task Requeue_BeyondCapacity_AcceptsTheItem()
    {
        DeadlineQueue<TestItem> queue = CreateQueue(capacity: 2);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 100)));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b", 200)));
        Assert.Equal(EnqueueResult.Full, queue.TryEnqueue(TestItem.DueIn(_time, "refused", 50)));

        Assert.True(queue.Requeue(TestItem.DueIn(_time, "lost", 50)));

        Assert.Equal(3, queue.Count);
        var batch = new TestItem[4];
        int count = await DequeueAsync(queue, batch, maxItems: 4);
        Assert.Equal(["lost", "a", "b"], Names(batch, count));
    }

    [Fact]
    public async Task DequeueBatchAsync_ExpiredItems_GoToOnExpiredAndAreNeverReturned()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var late1 = TestItem.DueIn(_time, "late1", 10);
        var late2 = TestItem.DueIn(_time, "late2", 20);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(late1));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(late2));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "live", 100)));
        _time.Advance(TimeSpan.FromMilliseconds(20));

        var batch = new TestItem[4];
        int count = await DequeueAsync(queue, batch, maxItems: 4);

        Assert.Equal(["live"], Names(batch, count));
        Assert.Equal([late1, late2], _expired.OrderBy(i => i.Name));
        Assert.All(batch.Skip(count), Assert.Null);
    }

    [Fact]
    public async Task DequeueBatchAsync_MoreExpiredItemsThanTheDestinationHolds_AnswersThemAll()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "late" + i, 10)));
        }

        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "live", 100)));
        _time.Advance(TimeSpan.FromMilliseconds(10));

        var batch = new TestItem[2];
        int count = await DequeueAsync(queue, batch, maxItems: 2);

        Assert.Equal(["live"], Names(batch, count));
        Assert.Equal(10, _expired.Count);
    }

    [Fact]
    public async Task DequeueBatchAsync_CompletedItems_AreSkippedSilently()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var completed = TestItem.DueIn(_time, "completed", 10);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(completed));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "live", 30)));
        completed.IsCompleted = true;

        var batch = new TestItem[4];
        int count = await DequeueAsync(queue, batch, maxItems: 4);

        Assert.Equal(["live"], Names(batch, count));
        Assert.Empty(_expired);
    }

    [Fact]
    public void DrainAll_AfterComplete_AnswersEveryUnansweredItemInDeadlineOrder()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var answered = TestItem.DueIn(_time, "answered", 5);
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "b", 20)));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(answered));
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 10)));
        answered.IsCompleted = true;
        queue.Complete();

        List<TestItem> drained = [];
        int count = queue.DrainAll(drained.Add);

        Assert.Equal(2, count);
        Assert.Equal(["a", "b"], drained.Select(i => i.Name));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Complete_ItemsQueued_RefusesEnqueuesAndDequeuesReturnZeroSynchronously()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(_time, "a", 10)));
        queue.Complete();

        Assert.True(queue.IsCompleted);
        Assert.Equal(EnqueueResult.Closed, queue.TryEnqueue(TestItem.DueIn(_time, "b", 10)));
        Assert.False(queue.Requeue(TestItem.DueIn(_time, "c", 10)));
        ValueTask<int> dequeue = queue.DequeueBatchAsync(new TestItem[1], 1, TimeSpan.Zero);
        Assert.True(dequeue.IsCompletedSuccessfully);
        Assert.Equal(0, await dequeue);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void DequeueBatchAsync_InvalidArguments_Throws()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.DequeueBatchAsync(new TestItem[2], 0, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.DequeueBatchAsync(new TestItem[2], 3, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.DequeueBatchAsync(new TestItem[2], 2, TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeadlineQueue<TestItem>(0, _time, _ => { }));
    }

    [Fact]
    public void TryEnqueueAndDequeueBatchAsync_SynchronousInSteadyState_AllocateNothing()
    {
        DeadlineQueue<TestItem> queue = CreateQueue();
        var items = new TestItem[16];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = TestItem.DueIn(_time, "i" + i, 1000 - i);
        }

        var batch = new TestItem[8];
        RoundTrip(queue, items, batch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        RoundTrip(queue, items, batch);
        RoundTrip(queue, items, batch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void RoundTrip(DeadlineQueue<TestItem> queue, TestItem[] items, TestItem[] batch)
    {
        for (int i = 0; i < items.Length; i++)
        {
            Assert.True(queue.TryEnqueue(items[i]) == EnqueueResult.Accepted);
        }

        for (int taken = 0; taken < items.Length;)
        {
            ValueTask<int> dequeue = queue.DequeueBatchAsync(batch, batch.Length, TimeSpan.FromMilliseconds(5));
            Assert.True(dequeue.IsCompletedSuccessfully);
            taken += dequeue.Result;
        }
    }

    private DeadlineQueue<TestItem> CreateQueue(int capacity = 100) => new(capacity, _time, _expired.Add);

    private static async Task<int> DequeueAsync(DeadlineQueue<TestItem> queue, TestItem[] batch, int maxItems)
        => await queue.DequeueBatchAsync(batch, maxItems, TimeSpan.Zero).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    private static string[] Names(TestItem[] batch, int count) => batch.Take(count).Select(i => i.Name).ToArray();
}
