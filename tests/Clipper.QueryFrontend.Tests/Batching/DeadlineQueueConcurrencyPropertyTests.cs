using CsCheck;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>Properties of the deadline queue under concurrent callers.</summary>
public sealed class DeadlineQueueConcurrencyPropertyTests
{
    private static readonly Gen<ConsumerPlan> s_plan = Gen.Select(
        Gen.Int[1, DeadlineQueueHarness.LargestBatch],
        Gen.Frequency((2, Gen.Const(0)), (1, Gen.Int[1, 2])),
        Gen.Int[0, 3],
        Gen.Int[0, 3],
        (max, fill, cancel, requeue) => new ConsumerPlan(max, fill, cancel == 0, requeue == 0));

    private static readonly Gen<ThreadsScript> s_threads = Gen.Select(
        Gen.Int[1, 24],
        Gen.Int[0, 20].Array[0, 30].Array[2],
        s_plan.Array[1, 6].Array[3],
        Gen.Int[0, 3].Array[0, 30],
        (capacity, producers, consumers, advances) => new ThreadsScript(capacity, producers, consumers, advances));

    // Item names are drawn from a small range so that equal deadlines and names meet; equal names are separate items.
    private static readonly Gen<(string Name, long Deadline)> s_item = Gen.Select(Gen.Int[0, 99], Gen.Int[1, 5], (id, due) => ("i" + id, due * 10_000L));

    [Fact]
    public async Task DequeueBatchAsync_RealThreadsInRandomInterleavings_HandEveryItemOutOnceInDeadlineOrder()
    {
        await s_threads.SampleAsync(
            script => new DeadlineQueueThreadsRun(script).RunAsync(),
            iter: PropertyRuns.Iter(60));
    }

    [Fact]
    public void TryEnqueueRequeueAndDrainAll_Concurrent_AreLinearizable()
    {
        Gen.Int[1, 4].Select(capacity => (new LinearQueue(capacity), new LinearQueueModel(capacity)))
            .SampleParallel(
                s_item.Operation<LinearQueue, LinearQueueModel>(i => $"TryEnqueue({i.Name}, {i.Deadline})", (q, i) => q.Enqueue(i.Name, i.Deadline), (m, i) => m.Enqueue(i.Name, i.Deadline)),
                s_item.Operation<LinearQueue, LinearQueueModel>(i => $"Requeue({i.Name}, {i.Deadline})", (q, i) => q.Requeue(i.Name, i.Deadline), (m, i) => m.Requeue(i.Name, i.Deadline)),
                Gen.Operation<LinearQueue, LinearQueueModel>("TryPeekUnclaimed", q => q.Peek(), m => m.Peek()),
                Gen.Operation<LinearQueue, LinearQueueModel>("DrainAll", q => q.Drain(), m => m.Drain()),
                Gen.Operation<LinearQueue, LinearQueueModel>("Complete", q => q.Complete(), m => m.Complete()),
                equal: (queue, model) => queue.Matches(model),
                iter: PropertyRuns.Iter(50));
    }
}
