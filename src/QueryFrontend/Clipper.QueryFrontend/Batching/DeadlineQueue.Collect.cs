namespace Clipper.QueryFrontend.Batching;

internal sealed partial class DeadlineQueue<T>
{
    // The caller woken last with items whose continuation has not run yet. Items that arrive in the meantime join its
    // batch (up to its size) instead of waking another caller: with several replicas idle, a burst of queries goes out
    // as one batch to one replica rather than one query to each, and a batch holds everything that arrived before its
    // replica could send it. Nothing waits longer for it: the batch leaves when the woken caller runs, as it would have.
    private Waiter? _collecting;

    /// <summary>Runs <paramref name="action"/> under the queue's lock, so that woken callers cannot resume meanwhile (for tests).</summary>
    /// <param name="action">What to run; it may call the queue's methods (the lock is re-entrant).</param>
    internal void RunLocked(Action action)
    {
        lock (_lock)
        {
            action();
        }
    }

    // Adds queued items to the woken caller's batch while it has room; it stops collecting when full.
    private void CollectLocked(Waiter waiter)
    {
        int taken = waiter.Taken;
        int expiredStart = waiter.ExpiredStart;
        int before = taken;
        TakeLocked(waiter.Destination, waiter.MaxItems, ref taken, ref expiredStart);
        KeepDeadlineOrder(waiter.Destination, before, taken);
        waiter.Taken = taken;
        waiter.ExpiredStart = expiredStart;
        if (taken >= waiter.MaxItems || taken >= expiredStart)
        {
            _collecting = null;
        }
    }

    // A batch goes out in deadline order: the items added at [start, end) came out of the heap in order, and usually
    // fall due after those taken before them (the same objective, a later arrival), so each is compared once. An
    // earlier one (a tighter per-request deadline) moves down; equal deadlines keep their arrival order.
    private static void KeepDeadlineOrder(T[] batch, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            T item = batch[i];
            int j = i - 1;
            while (j >= 0 && batch[j].Deadline > item.Deadline)
            {
                batch[j + 1] = batch[j];
                j--;
            }

            batch[j + 1] = item;
        }
    }

    // A caller woken with items starts collecting unless its batch is full already.
    private void StartCollectingLocked(Waiter waiter)
    {
        _collecting = waiter.Taken < waiter.MaxItems && waiter.Taken < waiter.ExpiredStart ? waiter : null;
    }

    // The woken caller runs: its batch is final from here on.
    private void EndCollecting(Waiter waiter)
    {
        lock (_lock)
        {
            if (_collecting == waiter)
            {
                _collecting = null;
            }
        }
    }
}
