namespace Clipper.QueryFrontend.ClipperRpc;

internal sealed partial class ClipperReplicaConnection
{
    /// <summary>
    /// Runs on a timer thread: drops a container silent for <c>ClipperContainerTimeout</c>. A Clipper container sends
    /// a heartbeat after each 5 s poll that brought nothing, but none while its predict function runs (one thread
    /// does both), so while a batch is out the silence is counted from the batch's latest deadline: a batch that
    /// still has time is never a reason to drop its container.
    /// </summary>
    private void OnTimer()
    {
        var since = Volatile.Read(ref _lastReceived);
        if (Interlocked.Read(ref _outstandingMessageId) >= 0)
        {
            since = Math.Max(since, Volatile.Read(ref _latestDeadline));
        }

        var silentFor = _time.GetElapsedTime(since);
        if (silentFor < _options.ClipperContainerTimeout)
        {
            return;
        }

        ClipperLog.ContainerSilent(_logger, _runtime.Key.ToString(), ReplicaId, RemoteAddress, (long)_time.GetElapsedTime(Volatile.Read(ref _lastReceived)).TotalMilliseconds);
        _metrics.ReplicaTimedOut();
        Stop();
        _connection.Abort();
    }

    /// <summary>
    /// Answers the heartbeat or PING the read loop just parsed. A batch being written holds the gate: it is itself a
    /// message to the container, which is all a heartbeat reply is for, so the reply is skipped then.
    /// </summary>
    private void ReplyToHeartbeatOrPing()
    {
        if (!_heartbeatReceived && _pingContext is null)
        {
            return;
        }

        var heartbeat = _heartbeatReceived;
        var ping = _pingContext;
        _heartbeatReceived = false;
        _pingContext = null;
        if (!_writeGate.Wait(0))
        {
            return;
        }

        _ = WriteRepliesAsync(heartbeat, ping);
    }

    private async Task WriteRepliesAsync(bool heartbeat, byte[]? ping)
    {
        try
        {
            if (ping is not null)
            {
                ClipperFrames.WritePong(_output, ping);
            }

            if (heartbeat)
            {
                ClipperMessageWriter.WriteHeartbeat(_output, ClipperProtocol.KeepAlive);
            }

            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
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
