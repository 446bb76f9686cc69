namespace Clipper.QueryFrontend.Lifetime;

/// <summary>
/// Counts the open HTTP connections, so that a stopping frontend keeps its replicas until the last
/// request has been answered: once the listener is closed and every connection has finished its
/// request and closed, no query can still be waiting for a replica.
/// </summary>
/// <remarks>Touched once per connection, not per request; the lock is never held across an await.</remarks>
internal sealed class HttpConnectionGauge
{
    private readonly Lock _lock = new();
    private int _open;
    private TaskCompletionSource? _idle;

    /// <summary>The number of open HTTP connections.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>Counts a connection that was accepted.</summary>
    public void Opened()
    {
        lock (_lock)
        {
            _open++;
        }
    }

    /// <summary>Counts a connection that was accepted unless <paramref name="max"/> are open already.</summary>
    /// <param name="max">The most connections open at once.</param>
    /// <returns><see langword="false"/> when the connection must be refused; it was not counted.</returns>
    public bool TryOpen(int max)
    {
        lock (_lock)
        {
            if (_open >= max)
            {
                return false;
            }

            _open++;
            return true;
        }
    }

    /// <summary>Counts a connection that closed; wakes the waiters when it was the last.</summary>
    public void Closed()
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            if (--_open == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    /// <summary>Completes when no HTTP connection is open (at once when none is).</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            return _open == 0
                ? Task.CompletedTask
                : (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }
}
