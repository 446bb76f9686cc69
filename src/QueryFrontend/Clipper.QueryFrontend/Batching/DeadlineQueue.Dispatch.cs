namespace Clipper.QueryFrontend.Batching;

internal sealed partial class DeadlineQueue<T>
{
    private static readonly Action<object?> s_onCancel = static state =>
    {
        var waiter = (Waiter)state!;
        waiter.Owner.OnCancel(waiter);
    };

    // Callers waiting for a first item, in arrival order.
    private WaiterList _idle;

    // At most one caller at a time waits for its batch to fill; items arriving meanwhile accrue to
    // it instead of being split between several half-full batches.
    private Waiter? _filler;

    // Waiters are reused so that a steady-state wait allocates nothing; the pool never holds more
    // than the peak number of concurrent callers (the replicas).
    private Waiter? _pool;

    // Hands queued items to waiters, after every change that can satisfy one.
    private void DispatchLocked()
    {
        while (_heap.Count > 0)
        {
            if (_collecting is { } collecting)
            {
                // Fills the woken caller's batch first; when it is full, the rest goes to the next caller below.
                CollectLocked(collecting);
                continue;
            }

            Waiter? waiter = _filler;
            if (waiter is not null)
            {
                // Counts answered entries too, so a "full" batch may come out smaller: acceptable,
                // the alternative is tracking live counts on every completion.
                if (_heap.Count < waiter.MaxItems)
                {
                    return;
                }

                _filler = null;
                waiter.DisarmTimer();
            }
            else
            {
                waiter = _idle.RemoveFirst();
                if (waiter is null)
                {
                    return;
                }

                if (_heap.Count < waiter.MaxItems && waiter.FillWait > TimeSpan.Zero)
                {
                    BecomeFillerLocked(waiter);
                    return;
                }
            }

            if (!HandOffLocked(waiter))
            {
                // Only answered entries were left; the heap is now empty. The waiter keeps its place.
                _idle.AddFirst(waiter);
                return;
            }
        }
    }

    private void BecomeFillerLocked(Waiter waiter)
    {
        waiter.State = WaiterState.Filling;
        _filler = waiter;
        waiter.ArmTimer();
    }

    private bool HandOffLocked(Waiter waiter)
    {
        int taken = 0;
        int expiredStart = waiter.Destination.Length;
        TakeLocked(waiter.Destination, waiter.MaxItems, ref taken, ref expiredStart);
        if (taken == 0 && expiredStart == waiter.Destination.Length)
        {
            return false;
        }

        waiter.Taken = taken;
        waiter.ExpiredStart = expiredStart;
        waiter.Wake(WakeReason.Items);
        StartCollectingLocked(waiter);
        return true;
    }

    private void OnFillTimeout(Waiter waiter)
    {
        lock (_lock)
        {
            // A fire that lost the race with a full batch, a cancellation or Complete finds another
            // filler (or none) and does nothing. A late fire from a previous use of a pooled waiter
            // that is filling again can end that wait early: a smaller batch, never a lost item.
            if (_filler != waiter)
            {
                return;
            }

            _filler = null;
            if (!HandOffLocked(waiter))
            {
                _idle.AddFirst(waiter);
            }

            DispatchLocked();
        }
    }

    private void OnCancel(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.State == WaiterState.Filling)
            {
                _filler = null;
                waiter.DisarmTimer();
                waiter.Wake(WakeReason.Cancelled);

                // The items it was collecting go to the next caller.
                DispatchLocked();
            }
            else if (waiter.State == WaiterState.Idle)
            {
                _idle.Remove(waiter);
                waiter.Wake(WakeReason.Cancelled);
            }
        }
    }

    private void CompleteWaitersLocked()
    {
        // The woken caller keeps what it collected; what is still queued stays for DrainAll.
        _collecting = null;
        if (_filler is not null)
        {
            _filler.DisarmTimer();
            _filler.Wake(WakeReason.Completed);
            _filler = null;
        }

        while (_idle.RemoveFirst() is Waiter waiter)
        {
            waiter.Wake(WakeReason.Completed);
        }

        while (_pool is not null)
        {
            Waiter pooled = _pool;
            _pool = pooled.Next;
            pooled.Dispose();
        }
    }

    private Waiter RentWaiterLocked(T[] destination, int maxItems, TimeSpan fillWait)
    {
        Waiter? waiter = _pool;
        if (waiter is null)
        {
            waiter = new Waiter(this, _timeProvider);
        }
        else
        {
            _pool = waiter.Next;
            waiter.Next = null;
        }

        waiter.Prepare(destination, maxItems, fillWait);
        return waiter;
    }

    // Called once the waiter's result has been consumed and its cancellation registration disposed,
    // so nothing else can reach it except a late fill-timer fire (see OnFillTimeout).
    private void ReturnWaiter(Waiter waiter)
    {
        waiter.Reset();
        lock (_lock)
        {
            if (_completed)
            {
                waiter.Dispose();
                return;
            }

            waiter.Next = _pool;
            _pool = waiter;
        }
    }
}
