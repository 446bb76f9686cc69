namespace Clipper.Benchmarks.Scheduling;

/// <summary>
/// Counts completed items down to zero for one operation and completes a task then; consumers
/// report failures through it so that a broken benchmark fails instead of hanging.
/// </summary>
internal sealed class CompletionCountdown
{
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;

    /// <summary>Starts an operation of <paramref name="count"/> items; the task completes when all are reported.</summary>
    /// <remarks>Call only once the previous operation's task has completed: consumers are idle then.</remarks>
    public Task Start(int count)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Published after _done: a consumer sees the new count only through this write, so it also
        // sees the new task.
        Volatile.Write(ref _remaining, count);
        return _done.Task;
    }

    /// <summary>Reports <paramref name="count"/> completed items.</summary>
    public void Signal(int count)
    {
        int left = Interlocked.Add(ref _remaining, -count);
        if (left == 0)
        {
            _done.TrySetResult();
        }
        else if (left < 0)
        {
            Fail(new InvalidOperationException($"{-left} more items completed than were started: an item was delivered twice."));
        }
    }

    /// <summary>Fails the current operation.</summary>
    public void Fail(Exception exception) => _done.TrySetException(exception);
}
