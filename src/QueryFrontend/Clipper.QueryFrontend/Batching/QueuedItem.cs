namespace Clipper.QueryFrontend.Batching;

/// <summary>
/// An item as a queue or a timer saw it: the reference together with the generation it had then.
/// </summary>
/// <remarks>
/// Items are pooled: once answered, the same object may be reset and admitted again as another
/// query. Comparing the captured generation with the current one is how a stale heap entry
/// recognises that it no longer refers to the query it was created for.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Item">The item.</param>
/// <param name="Generation">The item's <see cref="IQueueItem.Generation"/> when it was captured.</param>
internal readonly record struct QueuedItem<T>(T Item, int Generation)
    where T : class, IQueueItem
{
    /// <summary>Captures <paramref name="item"/> with its current generation.</summary>
    /// <param name="item">The item to capture.</param>
    /// <returns>The captured entry.</returns>
    public static QueuedItem<T> Capture(T item) => new(item, item.Generation);

    /// <summary>
    /// Whether the entry still stands for an unanswered query: same generation and not completed.
    /// The answer can change right after it is read; whoever acts on it must complete the item atomically.
    /// </summary>
    public bool IsLive => !Item.IsCompleted && Item.Generation == Generation;
}
