namespace Clipper.Configuration.Watching;

/// <summary>The watch loop.</summary>
public sealed partial class ConfigurationWatcher
{
    private async Task RunAsync()
    {
        var stop = _stopping.Token;
        var retryDelay = _options.InitialRetryDelay;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // This pass covers every request made so far: a burst of notifications costs one load.
                while (_signals.Reader.TryRead(out _))
                {
                }

                TimeSpan wait;
                if (await TrySynchronizeAsync(stop).ConfigureAwait(false))
                {
                    retryDelay = _options.InitialRetryDelay;
                    wait = _options.ResyncInterval;
                }
                else
                {
                    wait = retryDelay;
                    retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
                }

                await WaitForRequestAsync(wait, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (_subscription is not null)
            {
                await _subscription.DisposeAsync().ConfigureAwait(false);
            }

            Log.Stopped(_logger);
        }
    }

    private async Task<bool> TrySynchronizeAsync(CancellationToken stop)
    {
        using var timeout = new CancellationTokenSource(_options.LoadTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        try
        {
            // Subscribe before loading, so a change committed after the load read its state is always notified.
            _subscription ??= await _store.SubscribeAsync(OnNotification, linked.Token).ConfigureAwait(false);
            var snapshot = await _store.LoadAsync(linked.Token).ConfigureAwait(false);
            if (!_synchronized)
            {
                Log.Synchronized(_logger, snapshot.Revision);
            }

            _synchronized = true;
            Publish(KeepIfStoreLostIt(snapshot));
            return true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            Log.LoadTimedOut(_logger, _options.LoadTimeout, _current.Revision);
        }
        catch (ConfigurationStoreException ex)
        {
            Log.LoadFailed(_logger, _current.Revision, ex);
        }

        _synchronized = false;
        return false;
    }

    private async Task WaitForRequestAsync(TimeSpan wait, CancellationToken stop)
    {
        using var elapsed = new CancellationTokenSource(wait, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, elapsed.Token);
        try
        {
            await _signals.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (elapsed.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            // The wait elapsed: retry after a failure, or resynchronise in case a notification was lost.
        }
    }

    private void OnConnectionLost()
    {
        // Changes can no longer be heard: say so at once, and let the retry loop find out when the store is back.
        if (_synchronized)
        {
            _synchronized = false;
            Log.ConnectionLost(_logger, _current.Revision);
        }

        RequestReload();
    }

    private void OnNotification(string message)
    {
        Log.NotificationReceived(_logger, message);
        RequestReload();
    }
}
