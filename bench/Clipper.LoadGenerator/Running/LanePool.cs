namespace Clipper.LoadGenerator.Running;

/// <summary>
/// The open loop's connections: a request takes a free lane, or waits in a backlog when all are
/// busy (the wait counts in its latency). A lane that finishes takes the next waiting request
/// itself, on its own thread, so the pacing thread only ever hands out work. Free lanes queue in
/// order (first freed, first used), so every connection takes its turn: with ten thousand
/// connections at a modest rate, a stack would keep reusing the few most recently freed ones and
/// leave the rest idle, which would not measure ten thousand clients.
/// </summary>
internal sealed class LanePool
{
    private readonly Lock _gate = new();
    private readonly Queue<Lane> _free;
    private readonly Queue<long> _backlog = new();
    private readonly int _count;
    private TaskCompletionSource? _idle;

    public LanePool(IReadOnlyList<Lane> lanes)
    {
        _free = new Queue<Lane>(lanes);
        _count = lanes.Count;
    }

    /// <summary>Starts a request intended at <paramref name="origin"/> on a free lane, or queues it.</summary>
    public void Submit(long origin)
    {
        Lane? lane;
        lock (_gate)
        {
            if (!_free.TryDequeue(out lane))
            {
                _backlog.Enqueue(origin);
                return;
            }
        }

        // Runs synchronously until the request is written, which spares a thread hop per send;
        // the rest continues on the thread pool.
        _ = RunAsync(lane, origin);
    }

    /// <summary>Forgets the requests still waiting (Ctrl+C).</summary>
    public void DropBacklog()
    {
        lock (_gate)
        {
            _backlog.Clear();
            CompleteIfIdle();
        }
    }

    /// <summary>Completes once every lane is free and nothing waits (waiting requests expire at their deadline).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (_free.Count == _count && _backlog.Count == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    private async Task RunAsync(Lane lane, long origin)
    {
        try
        {
            while (true)
            {
                await lane.SendAsync(origin).ConfigureAwait(false);
                lock (_gate)
                {
                    if (!_backlog.TryDequeue(out origin))
                    {
                        _free.Enqueue(lane);
                        CompleteIfIdle();
                        return;
                    }
                }
            }
        }
        catch (Exception ex)
        {
            // A lane failing outside a request is a bug in this tool: surface it rather than hang the drain.
            lock (_gate)
            {
                _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _idle.TrySetException(ex);
            }
        }
    }

    private void CompleteIfIdle()
    {
        if (_free.Count == _count && _backlog.Count == 0)
        {
            _idle?.TrySetResult();
        }
    }
}
