namespace Clipper.QueryFrontend.Batching;

/// <summary>
/// The bounded queue of one model version, ordered by deadline, from which each replica pulls its
/// next batch when its previous one has returned.
/// </summary>
/// <remarks>
/// <para>
/// One lock guards the heap and the waiters. It is held only for heap operations (O(log n) per
/// item moved) and for handing items to a waiter; never across an await and never while user code
/// runs: <c>onExpired</c> is called by the dequeuing caller after the lock is released, and waiters
/// resume on the thread pool.
/// </para>
/// <para>
/// Answered items are not removed eagerly (that would cost O(n)); they stay in the heap, count
/// towards <see cref="Count"/>, and are discarded when they reach the top. Entries that were
/// answered by their deadline have the earliest deadlines, so they surface first.
/// </para>
/// </remarks>
/// <typeparam name="T">The item type: in practice a query.</typeparam>
internal sealed partial class DeadlineQueue<T>
    where T : class, IQueueItem
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<T, DeadlineKey> _heap = new();
    private readonly TimeProvider _timeProvider;
    private readonly Action<T> _onExpired;
    private long _sequence;
    private bool _completed;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="capacity">The number of queued items above which <see cref="TryEnqueue"/> refuses new ones.</param>
    /// <param name="timeProvider">The clock that deadlines and fill waits are measured with.</param>
    /// <param name="onExpired">
    /// Called, outside the lock and on the dequeuing caller's thread, for each item found past its
    /// deadline at dequeue time; such items are never returned. Must not throw: live items taken in
    /// the same pass would be stranded until their deadline.
    /// </param>
    public DeadlineQueue(int capacity, TimeProvider timeProvider, Action<T> onExpired)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(onExpired);
        Capacity = capacity;
        _timeProvider = timeProvider;
        _onExpired = onExpired;
    }

    /// <summary>The number of queued items above which <see cref="TryEnqueue"/> refuses new ones.</summary>
    public int Capacity { get; }

    /// <summary>
    /// The number of entries in the queue, including answered items not discarded yet; an upper
    /// bound of the live items.
    /// </summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _heap.Count;
            }
        }
    }

    /// <summary>Whether <see cref="Complete"/> has been called.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_lock)
            {
                return _completed;
            }
        }
    }

    /// <summary>Admits an item unless the queue is full or completed. Never blocks.</summary>
    /// <param name="item">The item; its deadline is read now.</param>
    /// <returns>
    /// <see cref="EnqueueResult.Full"/> when the queue holds its capacity (the caller answers 503),
    /// <see cref="EnqueueResult.Closed"/> when it was completed (its model version is gone).
    /// </returns>
    public EnqueueResult TryEnqueue(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            if (_completed)
            {
                return EnqueueResult.Closed;
            }

            if (_heap.Count >= Capacity && !PruneAnsweredLocked())
            {
                return EnqueueResult.Full;
            }

            EnqueueLocked(item);
            return EnqueueResult.Accepted;
        }
    }

    /// <summary>
    /// Puts back an item taken by a replica that was lost before answering, even past capacity:
    /// the item was admitted once and must not be refused now.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <returns>False when the queue is completed: the caller must answer the item itself.</returns>
    public bool Requeue(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            if (_completed)
            {
                return false;
            }

            EnqueueLocked(item);
            return true;
        }
    }

    /// <summary>
    /// Closes the queue: pending and later <see cref="DequeueBatchAsync"/> calls return 0, and
    /// <see cref="TryEnqueue"/> and <see cref="Requeue"/> refuse items. Queued items stay for
    /// <see cref="DrainAll"/>. Idempotent.
    /// </summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            CompleteWaitersLocked();
            NotifyWatchersLocked();
        }
    }

    /// <summary>
    /// Removes every queued item and passes each unanswered one to <paramref name="onItem"/>
    /// (outside the lock), in deadline order. Meant for a model version that goes away, after
    /// <see cref="Complete"/>; it allocates.
    /// </summary>
    /// <param name="onItem">Answers one item.</param>
    /// <returns>The number of items passed to <paramref name="onItem"/>.</returns>
    public int DrainAll(Action<T> onItem)
    {
        ArgumentNullException.ThrowIfNull(onItem);
        T[] drained;
        int count = 0;
        lock (_lock)
        {
            drained = _heap.Count == 0 ? [] : new T[_heap.Count];
            while (_heap.TryDequeue(out var entry, out _))
            {
                if (!entry.IsCompleted)
                {
                    drained[count++] = entry;
                }
            }
        }

        for (int i = 0; i < count; i++)
        {
            onItem(drained[i]);
        }

        return count;
    }

    private void EnqueueLocked(T item)
    {
        _heap.Enqueue(item, new DeadlineKey(item.Deadline, _sequence++));
        DispatchLocked();
        NotifyWatchersLocked();
    }

    // Called when full: entries answered by their deadline sit at the top of the heap, so popping
    // them is usually enough to make room without scanning.
    private bool PruneAnsweredLocked()
    {
        while (_heap.TryPeek(out var entry, out _) && entry.IsCompleted)
        {
            _heap.Dequeue();
        }

        return _heap.Count < Capacity;
    }
}
