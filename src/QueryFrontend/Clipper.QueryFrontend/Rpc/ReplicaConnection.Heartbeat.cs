using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Rpc;

internal sealed partial class ReplicaConnection
{
    /// <summary>
    /// Runs on a timer thread each heartbeat interval: drops a silent container, and sends a
    /// heartbeat when nothing else was sent for an interval.
    /// </summary>
    private void OnHeartbeatTimer()
    {
        var silentFor = _time.GetElapsedTime(_lastReceived);
        if (silentFor >= _options.HeartbeatInterval * ProtocolConstants.SilentIntervalsBeforeDisconnect)
        {
            Log.ReplicaSilent(_logger, _runtime.Key.ToString(), ReplicaId, (long)silentFor.TotalMilliseconds);
            _metrics.ReplicaTimedOut();
            Stop();
            _connection.Abort();
            return;
        }

        if (Interlocked.Read(ref _outstandingBatchId) >= 0 && _time.GetTimestamp() > Volatile.Read(ref _batchGiveUpAt))
        {
            Log.BatchAbandoned(_logger, _runtime.Key.ToString(), ReplicaId, (long)_time.GetElapsedTime(_batchStarted).TotalMilliseconds);
            _metrics.ReplicaTimedOut();
            Stop();
            _connection.Abort();
            return;
        }

        if (_time.GetElapsedTime(_lastSent) >= _options.HeartbeatInterval)
        {
            _ = SendHeartbeatAsync();
        }
    }

    /// <summary>Tells the container why the frontend closes the connection, so it reconnects knowingly.</summary>
    private async Task SayGoodbyeAsync(string reason)
    {
        if (!await _writeGate.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            MessageCodec.WriteGoodbye(_output, new GoodbyeMessage(reason));
            await _output.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            // The container is gone already.
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task SendHeartbeatAsync()
    {
        // A busy gate means a batch is being written, which is itself a sign of life.
        if (!_writeGate.Wait(0))
        {
            return;
        }

        try
        {
            MessageCodec.WriteHeartbeat(_output);
            _lastSent = _time.GetTimestamp();
            await _output.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The read loop sees the same failure and ends the connection.
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
