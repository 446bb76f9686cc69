using System.Runtime.CompilerServices;

namespace Clipper.QueryFrontend.Batching;

internal sealed partial class DeadlineQueue<T>
{
    /// <summary>
    /// Waits for at least one live item, then, if fewer than <paramref name="maxItems"/> are queued,
    /// up to <paramref name="fillWait"/> for the batch to fill, and moves up to
    /// <paramref name="maxItems"/> items with the earliest deadlines into <paramref name="destination"/>.
    /// </summary>
    /// <remarks>
    /// Concurrent callers are served in arrival order, and each item goes to exactly one of them.
    /// While one caller waits for its batch to fill, the items that arrive accrue to it; later
    /// callers wait behind it. Items that arrive after a caller was woken and before it resumes join
    /// its batch (up to <paramref name="maxItems"/>) rather than wake the next caller.
    /// <paramref name="destination"/> belongs to the queue until the call
    /// returns: items may be written into it from another thread, and slots past the returned
    /// count are used as scratch for expired items and cleared again.
    /// </remarks>
    /// <param name="destination">Receives the batch at indexes [0, result).</param>
    /// <param name="maxItems">The largest batch, at most the length of <paramref name="destination"/>.</param>
    /// <param name="fillWait">How long to wait for a full batch once one item is available; zero to take what is there.</param>
    /// <param name="cancellationToken">Ends the wait; the call then returns 0.</param>
    /// <returns>The batch size (at least 1), or 0 when cancelled or when the queue is completed.</returns>
    public ValueTask<int> DequeueBatchAsync(T[] destination, int maxItems, TimeSpan fillWait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxItems, destination.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(fillWait, TimeSpan.Zero);

        // Synchronous fast path: a replica that comes back while items are queued takes them
        // without allocating a state machine.
        while (!cancellationToken.IsCancellationRequested)
        {
            int taken = 0;
            int expiredStart = destination.Length;
            Waiter? waiter;
            lock (_lock)
            {
                if (_completed)
                {
                    return new ValueTask<int>(0);
                }

                waiter = TakeOrWaitLocked(destination, maxItems, fillWait, ref taken, ref expiredStart);
            }

            if (waiter is not null)
            {
                return WaitForBatchAsync(waiter, destination, maxItems, fillWait, cancellationToken);
            }

            int count = AnswerExpired(destination, taken, expiredStart);
            if (count > 0)
            {
                return new ValueTask<int>(count);
            }

            // Everything popped had expired: look again.
        }

        return new ValueTask<int>(0);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> WaitForBatchAsync(Waiter? waiter, T[] destination, int maxItems, TimeSpan fillWait, CancellationToken cancellationToken)
    {
        while (true)
        {
            int taken = 0;
            int expiredStart = destination.Length;
            if (waiter is null)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return 0;
                }

                lock (_lock)
                {
                    if (_completed)
                    {
                        return 0;
                    }

                    waiter = TakeOrWaitLocked(destination, maxItems, fillWait, ref taken, ref expiredStart);
                }
            }

            WakeReason reason = WakeReason.Items;
            if (waiter is not null)
            {
                // Registered after the waiter is published: if the token is already cancelled the
                // callback runs inline here, takes the lock and completes the waiter, which is fine
                // because this thread does not hold the lock.
                CancellationTokenRegistration registration = cancellationToken.CanBeCanceled
                    ? cancellationToken.UnsafeRegister(s_onCancel, waiter)
                    : default;
                try
                {
                    reason = await waiter.WaitAsync().ConfigureAwait(false);
                    if (reason == WakeReason.Items)
                    {
                        EndCollecting(waiter);
                    }
                }
                finally
                {
                    // Dispose (not Unregister) waits for a running callback, so no cancellation
                    // can reach the waiter after it returns to the pool.
                    registration.Dispose();
                }

                taken = waiter.Taken;
                expiredStart = waiter.ExpiredStart;
                ReturnWaiter(waiter);
                waiter = null;
            }

            int count = AnswerExpired(destination, taken, expiredStart);
            if (count > 0)
            {
                return count;
            }

            if (reason != WakeReason.Items)
            {
                return 0;
            }
        }
    }

    // Either takes a batch now (returns null) or publishes a waiter (returns it).
    private Waiter? TakeOrWaitLocked(T[] destination, int maxItems, TimeSpan fillWait, ref int taken, ref int expiredStart)
    {
        // Only a caller with nobody ahead may take directly; otherwise it would overtake waiters.
        if (_filler is null && _idle.IsEmpty && _heap.Count > 0)
        {
            if (_heap.Count >= maxItems || fillWait == TimeSpan.Zero)
            {
                TakeLocked(destination, maxItems, ref taken, ref expiredStart);
                if (taken > 0 || expiredStart < destination.Length)
                {
                    return null;
                }

                // Only answered entries were left, and now the heap is empty: wait.
            }
            else
            {
                Waiter filler = RentWaiterLocked(destination, maxItems, fillWait);
                BecomeFillerLocked(filler);
                return filler;
            }
        }

        Waiter waiter = RentWaiterLocked(destination, maxItems, fillWait);
        _idle.AddLast(waiter);
        return waiter;
    }

    // Pops live items into [0, maxItems) and expired ones from the end of the array downwards, so
    // no list is needed for them; stops when the batch is full, the array is full or the heap is empty.
    private void TakeLocked(T[] destination, int maxItems, ref int taken, ref int expiredStart)
    {
        long now = _timeProvider.GetTimestamp();
        while (taken < maxItems && taken < expiredStart && _heap.TryDequeue(out var entry, out DeadlineKey key))
        {
            if (entry.IsCompleted)
            {
                continue;
            }

            if (key.Deadline <= now)
            {
                destination[--expiredStart] = entry;
            }
            else
            {
                destination[taken++] = entry;
            }
        }
    }

    // Runs after the lock is released: onExpired is user code.
    private int AnswerExpired(T[] destination, int taken, int expiredStart)
    {
        for (int i = expiredStart; i < destination.Length; i++)
        {
            T item = destination[i];
            destination[i] = null!;
            _onExpired(item);
        }

        return taken;
    }
}
