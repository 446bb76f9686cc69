using System.Threading.Tasks.Sources;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>
/// "The outstanding batch was answered", between a connection's read loop (<see cref="Release"/>) and its dispatch loop
/// (<see cref="WaitAsync"/>): a semaphore of at most one count and one waiter, as <c>SemaphoreSlim(0, 1)</c>, that
/// allocates nothing per wait. <c>SemaphoreSlim.WaitAsync</c> with a token allocated four objects per batch.
/// </summary>
internal sealed class BatchAnsweredSignal : IValueTaskSource
{
    private static readonly Action<object?> s_onCancel = static state => ((BatchAnsweredSignal)state!).Cancel();

    private readonly Lock _lock = new();

    // Continuations run on the thread pool: Release is called on the read loop, which must not run the dispatch loop.
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _registration;
    private CancellationToken _token;
    private bool _released;
    private bool _waiting;

    /// <summary>
    /// Completes when <see cref="Release"/> has been called (before or during the wait), consuming that release; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled first. One waiter
    /// at a time.
    /// </summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        short version;
        lock (_lock)
        {
            if (_released)
            {
                _released = false;
                return ValueTask.CompletedTask;
            }

            if (_waiting)
            {
                throw new InvalidOperationException("The batch-answered signal has one waiter at a time.");
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled(cancellationToken);
            }

            _core.Reset();
            version = _core.Version;
            _waiting = true;
            _token = cancellationToken;
        }

        // Registered outside the lock: an already-cancelled token runs the callback inline, which takes the lock.
        // Registrations on one CancellationTokenSource reuse its nodes, so this allocates nothing after the first.
        _registration = cancellationToken.UnsafeRegister(s_onCancel, this);
        return new ValueTask(this, version);
    }

    /// <summary>Wakes the waiter, or lets the next wait complete at once. A second release before a wait is kept as one.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (_waiting)
            {
                _waiting = false;
                _core.SetResult(true);
            }
            else
            {
                _released = true;
            }
        }
    }

    private void Cancel()
    {
        lock (_lock)
        {
            if (_waiting)
            {
                _waiting = false;
                _core.SetException(new OperationCanceledException(_token));
            }
        }
    }

    void IValueTaskSource.GetResult(short token)
    {
        // Dispose (not Unregister) waits for a cancellation callback that is running, so none reaches the next wait.
        var registration = _registration;
        _registration = default;
        registration.Dispose();
        _core.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
