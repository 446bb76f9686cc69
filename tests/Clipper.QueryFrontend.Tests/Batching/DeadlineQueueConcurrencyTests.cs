using System.Collections.Concurrent;
using Clipper.QueryFrontend.Batching;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class DeadlineQueueConcurrencyTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DequeueBatchAsync_ConcurrentDequeuers_EachGetDistinctItemsAndTogetherGetAll()
    {
        FakeTimeProvider time = new();
        await RunAsync(time, TimeSpan.Zero, i => TestItem.DueIn(time, "i" + i, 60_000));
    }

    [Fact]
    public async Task DequeueBatchAsync_ConcurrentDequeuersWithAFillWaitOnTheSystemClock_GetEveryItemOnce()
    {
        // Real time only so that fill waits elapse on their own; nothing here measures speed.
        long farDeadline = TimeProvider.System.GetTimestamp() + (TimeProvider.System.TimestampFrequency * 600);
        await RunAsync(TimeProvider.System, TimeSpan.FromMilliseconds(1), i => new TestItem("i" + i, farDeadline - i));
    }

    [Fact]
    public async Task DequeueBatchAsync_WaitersCancelledAtRandom_LoseAndDuplicateNoItem()
    {
        const int ItemCount = 5_000;
        FakeTimeProvider time = new();
        DeadlineQueue<TestItem> queue = new(ItemCount, time, _ => Assert.Fail("nothing should expire"));
        ConcurrentDictionary<TestItem, bool> received = new();
        int total = 0;
        TaskCompletionSource allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);

        var consumers = new Task[4];
        for (int c = 0; c < consumers.Length; c++)
        {
            int seed = c;
            consumers[c] = Task.Run(async () =>
            {
                Random random = new(seed);
                var batch = new TestItem[3];
                while (!allReceived.Task.IsCompleted && !queue.IsCompleted)
                {
                    using CancellationTokenSource cts = new();
                    ValueTask<int> dequeue = queue.DequeueBatchAsync(batch, batch.Length, TimeSpan.Zero, cts.Token);
                    if (random.Next(3) == 0)
                    {
                        await cts.CancelAsync();
                    }

                    int count = await dequeue;
                    for (int i = 0; i < count; i++)
                    {
                        Assert.True(received.TryAdd(batch[i], true), $"{batch[i]} was dequeued twice");
                    }

                    if (count > 0 && Interlocked.Add(ref total, count) == ItemCount)
                    {
                        allReceived.SetResult();
                    }
                }
            });
        }

        for (int i = 0; i < ItemCount; i++)
        {
            Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(TestItem.DueIn(time, "i" + i, 60_000)));
        }

        await allReceived.Task.WaitAsync(s_timeout);
        queue.Complete();
        await Task.WhenAll(consumers).WaitAsync(s_timeout);
        Assert.Equal(ItemCount, received.Count);
    }

    private static async Task RunAsync(TimeProvider time, TimeSpan fillWait, Func<int, TestItem> createItem)
    {
        const int ItemCount = 20_000;
        const int ConsumerCount = 4;
        const int ProducerCount = 2;
        DeadlineQueue<TestItem> queue = new(ItemCount, time, _ => Assert.Fail("nothing should expire"));
        ConcurrentDictionary<TestItem, int> received = new();
        int total = 0;
        TaskCompletionSource allReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);

        var consumers = new Task[ConsumerCount];
        for (int c = 0; c < ConsumerCount; c++)
        {
            int consumer = c;
            int maxItems = 1 + (c * 5);
            consumers[c] = Task.Run(async () =>
            {
                var batch = new TestItem[maxItems];
                int count;
                while ((count = await queue.DequeueBatchAsync(batch, maxItems, fillWait)) > 0)
                {
                    for (int i = 0; i < count; i++)
                    {
                        Assert.True(received.TryAdd(batch[i], consumer), $"{batch[i]} was dequeued twice");
                    }

                    if (Interlocked.Add(ref total, count) == ItemCount)
                    {
                        allReceived.SetResult();
                    }
                }
            });
        }

        var producers = new Task[ProducerCount];
        for (int p = 0; p < ProducerCount; p++)
        {
            int first = p;
            producers[p] = Task.Run(() =>
            {
                for (int i = first; i < ItemCount; i += ProducerCount)
                {
                    Assert.Equal(EnqueueResult.Accepted, queue.TryEnqueue(createItem(i)));
                }
            });
        }

        await Task.WhenAll(producers).WaitAsync(s_timeout);
        await allReceived.Task.WaitAsync(s_timeout);
        queue.Complete();
        await Task.WhenAll(consumers).WaitAsync(s_timeout);

        Assert.Equal(ItemCount, received.Count);
        Assert.Equal(ItemCount, total);
        Assert.Equal(0, queue.Count);
    }
}
