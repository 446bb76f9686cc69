namespace Clipper.QueryFrontend.Batching;

/// <summary>What <see cref="DeadlineQueue{T}.TryEnqueue"/> did with an item.</summary>
internal enum EnqueueResult
{
    /// <summary>The item is queued.</summary>
    Accepted,

    /// <summary>The queue holds its capacity: the item was refused (backpressure).</summary>
    Full,

    /// <summary>The queue was completed: it takes nothing more.</summary>
    Closed,
}
