using System.Threading.Tasks.Sources;

namespace Clipper.QueryFrontend.Batching;

internal sealed partial class DeadlineQueue<T>
{
    private enum WakeReason
    {
        Items,
        Cancelled,
        Completed,
    }

    private enum WaiterState
    {
        None,
        Idle,
        Filling,
        Woken,
    }

    /// <summary>
    /// One pending <see cref="DequeueBatchAsync"/> call: a reusable awaitable that is woken once,
    /// under the queue lock, after the items have been written into the caller's array.
    /// </summary>
    private sealed class Waiter : IValueTaskSource<WakeReason>, IThreadPoolWorkItem, IDisposable
    {
        private static readonly TimerCallback s_onFillTimeout = static state =>
        {
            var waiter = (Waiter)state!;
            waiter.Owner.OnFillTimeout(waiter);
        };

        private readonly ITimer _fillTimer;

        // Wake is called under the queue lock, from producers' threads, where the replica's code must not run: the
        // waiter completes from a work item of its own instead (Execute). That item goes to the thread pool's global
        // queue, behind the requests already waiting there, whose queries then join the woken caller's batch
        // (DeadlineQueue.Collect) rather than wake another replica each; on a continuation queued to the waking
        // thread's local queue, the caller would run before them and leave with the first query alone.
        private ManualResetValueTaskSourceCore<WakeReason> _core;
        private WakeReason _reason;

        public Waiter(DeadlineQueue<T> owner, TimeProvider timeProvider)
        {
            Owner = owner;
            _fillTimer = NonCapturingTimer.CreateDisarmed(timeProvider, s_onFillTimeout, this);
        }

        public DeadlineQueue<T> Owner { get; }

        // The fields below are guarded by the queue lock while the waiter is published.
        public T[] Destination { get; private set; } = [];

        public int MaxItems { get; private set; }

        public TimeSpan FillWait { get; private set; }

        public int Taken { get; set; }

        public int ExpiredStart { get; set; }

        public WaiterState State { get; set; }

        // Links for the idle list, or for the pool.
        public Waiter? Next { get; set; }

        public Waiter? Previous { get; set; }

        public void Prepare(T[] destination, int maxItems, TimeSpan fillWait)
        {
            Destination = destination;
            MaxItems = maxItems;
            FillWait = fillWait;
            Taken = 0;
            ExpiredStart = destination.Length;
            State = WaiterState.None;
        }

        public ValueTask<WakeReason> WaitAsync() => new(this, _core.Version);

        public void Wake(WakeReason reason)
        {
            State = WaiterState.Woken;
            _reason = reason;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        // Off the lock: the caller's continuation runs here, inline.
        void IThreadPoolWorkItem.Execute() => _core.SetResult(_reason);

        // Fill waits are always positive, so the change never fires inline (which a fake clock
        // would do for a zero due time, re-entering the lock).
        public void ArmTimer() => _fillTimer.Change(FillWait, Timeout.InfiniteTimeSpan);

        public void DisarmTimer() => _fillTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // Drops the reference to the caller's array so a pooled waiter does not keep it alive.
        public void Reset()
        {
            Destination = [];
            State = WaiterState.None;
            _core.Reset();
        }

        public void Dispose() => _fillTimer.Dispose();

        WakeReason IValueTaskSource<WakeReason>.GetResult(short token) => _core.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<WakeReason>.GetStatus(short token) => _core.GetStatus(token);

        void IValueTaskSource<WakeReason>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => _core.OnCompleted(continuation, state, token, flags);
    }
}
