namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>What one generated step does to a <see cref="DeadlineQueueHarness"/>.</summary>
internal enum QueueStepKind
{
    /// <summary>TryEnqueue of a new item due <see cref="QueueStep.Value"/> ms from now.</summary>
    Enqueue,

    /// <summary>Requeue of the oldest item the consumer holds, as when its replica is lost.</summary>
    Requeue,

    /// <summary>DequeueBatchAsync by the consumer, unless it has a call pending.</summary>
    Dequeue,

    /// <summary>Cancels the consumer's pending call, when it is cancellable.</summary>
    Cancel,

    /// <summary>Moves the clock <see cref="QueueStep.Value"/> ms forward, one millisecond at a time.</summary>
    Advance,

    /// <summary>Answers a queued item (by its position in deadline order, modulo the count), as its deadline timer or a fault would.</summary>
    Answer,
}
