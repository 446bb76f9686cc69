namespace Clipper.QueryFrontend.Batching;

/// <summary>
/// Heap priority of a queued item: its deadline, then its arrival order, so that items with the
/// same deadline leave in FIFO order (a <see cref="PriorityQueue{TElement, TPriority}"/> is not stable by itself).
/// </summary>
/// <param name="Deadline">The <see cref="TimeProvider.GetTimestamp"/> value after which the item is late.</param>
/// <param name="Sequence">A per-heap counter taken at insertion.</param>
internal readonly record struct DeadlineKey(long Deadline, long Sequence) : IComparable<DeadlineKey>
{
    /// <inheritdoc />
    public int CompareTo(DeadlineKey other)
    {
        int byDeadline = Deadline.CompareTo(other.Deadline);
        return byDeadline != 0 ? byDeadline : Sequence.CompareTo(other.Sequence);
    }
}
