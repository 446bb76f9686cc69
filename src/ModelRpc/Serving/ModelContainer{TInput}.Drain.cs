namespace Clipper.ModelRpc.Serving;

public sealed partial class ModelContainer<TInput>
{
    /// <summary>
    /// Drains gracefully: stops being ready, sends Goodbye ("draining"), accepts no new batch,
    /// answers the batches it holds (waiting at most <see cref="ModelContainerOptions.DrainTimeout"/>),
    /// closes, and makes <see cref="RunAsync"/> return. Safe to call from any thread, more than
    /// once, and from a signal handler.
    /// </summary>
    /// <returns>A task that completes when <see cref="RunAsync"/> has returned (at once if it never ran).</returns>
    public Task DrainAsync()
    {
        if (!_drainRequested.IsCancellationRequested)
        {
            StopReadiness();
            _drainRequested.Cancel();
        }

        return Volatile.Read(ref _started) == 0 ? Task.CompletedTask : _stopped.Task;
    }

    /// <summary>Stops at once, without draining, and waits for <see cref="RunAsync"/> to return.</summary>
    /// <returns>A task that completes when the container has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        if (Volatile.Read(ref _started) != 0)
        {
            await _stopped.Task.ConfigureAwait(false);
        }

        StopReadiness();
        _tls?.Dispose();
    }
}
