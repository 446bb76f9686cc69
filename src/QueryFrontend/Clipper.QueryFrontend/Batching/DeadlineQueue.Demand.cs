namespace Clipper.QueryFrontend.Batching;

internal sealed partial class DeadlineQueue<T>
{
    // One-shot callbacks of replicas that hold no capacity from their container and wait for a
    // reason to ask for some. A replica registers once per idle period, so this stays as short as
    // the replica list and its storage is reused.
    private readonly List<(Action<object?> Callback, object? State)> _watchers = [];

    /// <summary>
    /// Whether items wait that no caller of <see cref="DequeueBatchAsync"/> is about to take. When
    /// none do, registers <paramref name="callback"/> to run once, under the queue lock (so it must
    /// only signal), when such items appear or the queue completes.
    /// </summary>
    /// <param name="callback">Signals the watcher; must not block or throw.</param>
    /// <param name="state">Passed to <paramref name="callback"/>.</param>
    /// <returns>True when unclaimed items wait now or the queue is completed (nothing was registered).</returns>
    public bool WatchForUnclaimedItems(Action<object?> callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_lock)
        {
            if (_completed || HasUnclaimedLocked())
            {
                return true;
            }

            _watchers.Add((callback, state));
            return false;
        }
    }

    /// <summary>
    /// When items wait that no caller is about to take: how many entries wait (an upper bound, as
    /// <see cref="Count"/>) and the earliest deadline among them, as a timestamp of the queue's clock.
    /// </summary>
    /// <returns>False when nothing waits unclaimed.</returns>
    public bool TryPeekUnclaimed(out int queued, out long earliestDeadline)
    {
        lock (_lock)
        {
            queued = _heap.Count;
            if (HasUnclaimedLocked() && _heap.TryPeek(out _, out DeadlineKey key))
            {
                earliestDeadline = key.Deadline;
                return true;
            }

            earliestDeadline = 0;
            return false;
        }
    }

    // Entries answered by their deadline surface first and are discarded here, so a queue holding only
    // answered entries does not ask for capacity it cannot use.
    private bool HasUnclaimedLocked()
    {
        while (_heap.TryPeek(out var entry, out _) && entry.IsCompleted)
        {
            _heap.Dequeue();
        }

        return _heap.Count > 0 && _filler is null && _idle.IsEmpty;
    }

    private void NotifyWatchersLocked()
    {
        if (_watchers.Count == 0 || !(_completed || HasUnclaimedLocked()))
        {
            return;
        }

        foreach (var (callback, state) in _watchers)
        {
            callback(state);
        }

        _watchers.Clear();
    }
}
