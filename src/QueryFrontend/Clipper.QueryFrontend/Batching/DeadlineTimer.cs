namespace Clipper.QueryFrontend.Batching;

/// <summary>
/// Answers items when their deadline passes, with one timer for all of them instead of one per
/// query: a min-heap of (item, deadline) and a single <see cref="ITimer"/> armed for
/// the earliest deadline.
/// </summary>
/// <remarks>
/// <para>
/// Items answered before their deadline are not removed (that would cost a search); their entries
/// are discarded when they come due, or by a compaction when the heap has doubled since the last
/// one, which keeps the heap proportional to the live items under any load.
/// </para>
/// <para>
/// Due times are rounded up to whole milliseconds, the resolution of system timers, so a callback
/// never comes early and rearms for a sliver: items are answered up to 1 ms after their deadline.
/// </para>
/// </remarks>
/// <typeparam name="T">The item type: in practice a query.</typeparam>
internal sealed partial class DeadlineTimer<T> : IDisposable
    where T : class, IQueueItem
{
    private const int MinCompactionThreshold = 1024;
    private const int FireBatchSize = 64;

    // The largest due time a system timer accepts (about 49 days); a farther deadline just
    // makes the timer fire early, find nothing due and rearm.
    private const long MaxDueMilliseconds = 0xFFFF_FFFE;

    private static readonly TimerCallback s_onTimer = static state => ((DeadlineTimer<T>)state!).OnTimer();

    private readonly Lock _lock = new();
    // Each entry keeps the generation its item had when scheduled: a pooled item reused since is not this entry's.
    private readonly PriorityQueue<(T Item, int Generation), DeadlineKey> _heap = new();
    private readonly TimeProvider _timeProvider;
    private readonly Action<T, int> _onDeadline;
    private readonly ITimer _timer;

    // The deadline the timer is armed for; long.MaxValue when disarmed. Guarded by _lock.
    private long _armedFor = long.MaxValue;
    private long _sequence;
    private int _compactAt = MinCompactionThreshold;
    private bool _disposed;

    /// <summary>Creates the timer, disarmed.</summary>
    /// <param name="timeProvider">The clock that deadlines are timestamps of.</param>
    /// <param name="onDeadline">
    /// Answers an item whose deadline has passed; called outside the lock, on a timer thread.
    /// It races with the item's normal completion, so the item must complete atomically
    /// (first answer wins). Must not throw.
    /// </param>
    public DeadlineTimer(TimeProvider timeProvider, Action<T> onDeadline)
        : this(timeProvider, Ignoring(onDeadline))
    {
    }

    /// <summary>Creates the timer, disarmed, for items that are reused (<see cref="IQueueItem.Generation"/>).</summary>
    /// <param name="timeProvider">The clock that deadlines are timestamps of.</param>
    /// <param name="onDeadline">
    /// Answers an item whose deadline has passed, given the generation the item had when scheduled: it must answer
    /// only that generation, atomically (the item may have been answered and reused since). Called outside the lock,
    /// on a timer thread; must not throw.
    /// </param>
    public DeadlineTimer(TimeProvider timeProvider, Action<T, int> onDeadline)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(onDeadline);
        _timeProvider = timeProvider;
        _onDeadline = onDeadline;
        _timer = NonCapturingTimer.CreateDisarmed(timeProvider, s_onTimer, this);
    }

    /// <summary>The number of scheduled entries, including those of items answered since.</summary>
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

    /// <summary>
    /// Schedules <paramref name="item"/> to be answered at its deadline unless, by then, it is
    /// completed. Ignored after <see cref="Dispose"/>.
    /// </summary>
    /// <param name="item">The item; its deadline is read now.</param>
    public void Schedule(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        long deadline = item.Deadline;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_heap.Count >= _compactAt)
            {
                CompactLocked();
            }

            _heap.Enqueue((item, item.Generation), new DeadlineKey(deadline, _sequence++));
            if (deadline < _armedFor)
            {
                // Changed under the lock so that concurrent schedules cannot apply their changes
                // out of order and leave the timer armed for the later deadline.
                ArmLocked(deadline, _timeProvider.GetTimestamp());
            }
        }
    }

    /// <summary>Stops the timer and forgets every entry; pending items are not answered.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _heap.Clear();
        }

        _timer.Dispose();
    }

    private static Action<T, int> Ignoring(Action<T> onDeadline)
    {
        ArgumentNullException.ThrowIfNull(onDeadline);
        return (item, _) => onDeadline(item);
    }
}
