namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>Where an accepted item is, in the model of a <see cref="DeadlineQueueHarness"/>.</summary>
internal enum QueueItemState
{
    /// <summary>In the queue: accepted or re-queued, not yet taken.</summary>
    Queued,

    /// <summary>In a batch a consumer received and has not answered or re-queued.</summary>
    Held,

    /// <summary>Answered (by its deadline, by a fault, or by its caller when a re-queue was refused); the queue skips it.</summary>
    Answered,

    /// <summary>Passed to the queue's onExpired callback.</summary>
    Expired,

    /// <summary>Removed by DrainAll.</summary>
    Drained,
}
