namespace Clipper.QueryFrontend.Batching;

/// <summary>An item waiting in a model queue or for its deadline: in practice one query.</summary>
internal interface IQueueItem
{
    /// <summary>The instant, as a <see cref="TimeProvider.GetTimestamp"/> value, after which the item is answered with the default output.</summary>
    long Deadline { get; }

    /// <summary>Whether the item has been answered already (by its deadline, a response or a fault); queues skip such items.</summary>
    bool IsCompleted { get; }
}
