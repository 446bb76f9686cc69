namespace Clipper.QueryFrontend.Batching;

/// <summary>An item waiting in a model queue or for its deadline: in practice one query.</summary>
internal interface IQueueItem
{
    /// <summary>The instant, as a <see cref="TimeProvider.GetTimestamp"/> value, after which the item is answered with the default output.</summary>
    long Deadline { get; }

    /// <summary>Whether the item has been answered already (by its deadline, a response or a fault); queues skip such items.</summary>
    bool IsCompleted { get; }

    /// <summary>
    /// Changes each time a pooled item is reused, so that a holder that kept it from an earlier use (the deadline
    /// timer) can tell that use from the current one; always 0 for items that are never reused.
    /// </summary>
    int Generation => 0;
}
