using System.Buffers;

namespace Clipper.QueryFrontend.Batching;

internal sealed partial class DeadlineTimer<T>
{
    private void OnTimer()
    {
        T[] due = ArrayPool<T>.Shared.Rent(FireBatchSize);
        try
        {
            bool more = true;
            while (more)
            {
                int count = 0;
                lock (_lock)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    long now = _timeProvider.GetTimestamp();
                    while (count < due.Length && _heap.TryPeek(out var entry, out DeadlineKey key) && key.Deadline <= now)
                    {
                        _heap.Dequeue();
                        if (!entry.IsCompleted)
                        {
                            due[count++] = entry;
                        }
                    }

                    // A full buffer means more may be due: loop instead of rearming.
                    more = count == due.Length;
                    if (!more)
                    {
                        RearmLocked(now);
                    }
                }

                for (int i = 0; i < count; i++)
                {
                    T entry = due[i];
                    due[i] = null!;

                    // Checked again: the item may have been answered since it was popped.
                    if (!entry.IsCompleted)
                    {
                        _onDeadline(entry);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(due, clearArray: true);
        }
    }

    private void RearmLocked(long now)
    {
        if (_heap.TryPeek(out _, out DeadlineKey next))
        {
            ArmLocked(next.Deadline, now);
        }
        else
        {
            _armedFor = long.MaxValue;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void ArmLocked(long deadline, long now)
    {
        _armedFor = deadline;
        _timer.Change(DueTime(deadline, now), Timeout.InfiniteTimeSpan);
    }

    // Never zero: a fake clock fires a zero due time inline, which would run the callback (and
    // user code) under the lock. One tick is "now" for a system timer and "the next advance" for
    // a fake one.
    private TimeSpan DueTime(long deadline, long now)
    {
        if (deadline <= now)
        {
            return TimeSpan.FromTicks(1);
        }

        double milliseconds = Math.Ceiling((deadline - now) * 1000.0 / _timeProvider.TimestampFrequency);
        return TimeSpan.FromMilliseconds(Math.Min(milliseconds, MaxDueMilliseconds));
    }

    // Amortised O(1) per schedule: runs only after the heap has doubled since the last pass.
    private void CompactLocked()
    {
        (T, DeadlineKey)[] live = ArrayPool<(T, DeadlineKey)>.Shared.Rent(_heap.Count);
        int count = 0;
        foreach ((T entry, DeadlineKey key) in _heap.UnorderedItems)
        {
            if (!entry.IsCompleted)
            {
                live[count++] = (entry, key);
            }
        }

        _heap.Clear();
        _heap.EnqueueRange(new ArraySegment<(T, DeadlineKey)>(live, 0, count));
        ArrayPool<(T, DeadlineKey)>.Shared.Return(live, clearArray: true);
        _compactAt = Math.Max(MinCompactionThreshold, count * 2);
    }
}
