using CsCheck;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>
/// Model-based properties of the deadline queue: random scripts of enqueues, re-queues, dequeues by four consumers,
/// cancellations, answers and clock advances, run by <see cref="DeadlineQueueHarness"/>. A failure is shrunk to the
/// shortest script that still fails and printed with its seed.
/// </summary>
public sealed class DeadlineQueuePropertyTests
{
    private static readonly Gen<QueueStep> s_step = Gen.Frequency(
        (6, Gen.Int[0, 30].Select(ms => new QueueStep(QueueStepKind.Enqueue, 0, ms, 0, 0, 0))),
        (1, Gen.Int[0, DeadlineQueueHarness.ConsumerCount - 1].Select(c => new QueueStep(QueueStepKind.Requeue, c, 0, 0, 0, 0))),
        (5, Gen.Select(
            Gen.Int[0, DeadlineQueueHarness.ConsumerCount - 1],
            Gen.Int[1, DeadlineQueueHarness.LargestBatch],
            Gen.Frequency((2, Gen.Const(0)), (3, Gen.Int[1, 4])),
            Gen.Frequency((3, Gen.Const(0)), (2, Gen.Const(1)), (1, Gen.Const(2))),
            (c, max, fill, cancellation) => new QueueStep(QueueStepKind.Dequeue, c, 0, max, fill, cancellation))),
        (1, Gen.Int[0, DeadlineQueueHarness.ConsumerCount - 1].Select(c => new QueueStep(QueueStepKind.Cancel, c, 0, 0, 0, 0))),
        (3, Gen.Int[1, 6].Select(ms => new QueueStep(QueueStepKind.Advance, 0, ms, 0, 0, 0))),
        (1, Gen.Int[0, 9].Select(i => new QueueStep(QueueStepKind.Answer, 0, i, 0, 0, 0))));

    // Capacities from 1 so that Full is common; the queue is completed mid-script in about a third of the runs.
    private static readonly Gen<QueueScript> s_script = Gen.Select(
        Gen.Int[1, 8],
        s_step.Array[1, 60],
        Gen.Int[0, 90],
        (capacity, steps, completeAfter) => new QueueScript(capacity, steps, completeAfter));

    [Fact]
    public async Task DequeueBatchAsync_RandomScriptsAnsweredAtDeadlines_TakeTheEarliestItemsInArrivalOrder()
    {
        await s_script.SampleAsync(
            async script =>
            {
                using var harness = new DeadlineQueueHarness(script.Capacity, strict: true);
                await harness.RunAsync(script);
            },
            iter: PropertyRuns.Iter(300));
    }

    [Fact]
    public async Task DequeueBatchAsync_RandomScriptsWithExpiry_LoseAndDuplicateNoItem()
    {
        await s_script.SampleAsync(
            async script =>
            {
                using var harness = new DeadlineQueueHarness(script.Capacity, strict: false);
                await harness.RunAsync(script);
            },
            iter: PropertyRuns.Iter(300));
    }
}
