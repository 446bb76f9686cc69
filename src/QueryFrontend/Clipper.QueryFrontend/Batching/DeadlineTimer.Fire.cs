using System.Buffers;

namespace Clipper.QueryFrontend.Batching;

internal sealed partial class DeadlineTimer<T>
{
    private void OnTimer()
    {
        (T Item, int Generation)[] due = ArrayPool<(T, int)>.Shared.Rent(FireBatchSize);
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
                        if (IsLive(entry))
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
                    var entry = due[i];
                    due[i] = default;

                    // Checked again: the item may have been answered since it was popped. Still racy (it may be answered
                    // and reused right after), which is why the callback answers the entry's generation only.
                    if (IsLive(entry))
                    {
                        _onDeadline(entry.Item, entry.Generation);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<(T, int)>.Shared.Return(due, clearArray: true);
        }
    }

    private static bool IsLive((T Item, int Generation) entry) =>
        !entry.Item.IsCompleted && entry.Item.Generation == entry.Generation;

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
        ((T, int), DeadlineKey)[] live = ArrayPool<((T, int), DeadlineKey)>.Shared.Rent(_heap.Count);
        int count = 0;
        foreach (((T, int) entry, DeadlineKey key) in _heap.UnorderedItems)
        {
            if (IsLive(entry))
            {
                live[count++] = (entry, key);
            }
        }

        _heap.Clear();
        _heap.EnqueueRange(new ArraySegment<((T, int), DeadlineKey)>(live, 0, count));
        ArrayPool<((T, int), DeadlineKey)>.Shared.Return(live, clearArray: true);
        _compactAt = Math.Max(MinCompactionThreshold, count * 2);
    }
}
