using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

internal sealed partial class ContainerConnection<TInput>
{
    private ITimer? _heartbeatTimer;
    private ITimer? _drainTimer;
    private TimeSpan _heartbeatInterval;
    private long _lastReceivedTimestamp;
    private long _lastSentTimestamp;
    private int _draining;
    private volatile bool _leavingForOthers;

    private TimeSpan CurrentHeartbeatInterval => _heartbeatInterval > TimeSpan.Zero ? _heartbeatInterval : _options.HeartbeatInterval;

    /// <summary>
    /// Ticks every half interval: a heartbeat goes out after one to one and a half idle
    /// intervals, well before the frontend's three-interval limit, and silence is detected
    /// within half an interval of that limit.
    /// </summary>
    private void StartHeartbeats(WelcomeMessage welcome)
    {
        _heartbeatInterval = TimeSpan.FromMilliseconds(welcome.HeartbeatIntervalMs);
        long now = _time.GetTimestamp();
        _lastReceivedTimestamp = now;
        _lastSentTimestamp = now;
        var period = TimeSpan.FromMilliseconds(Math.Max(1, welcome.HeartbeatIntervalMs / 2));
        _heartbeatTimer = _time.CreateTimer(static s => ((ContainerConnection<TInput>)s!).OnHeartbeatTick(), this, period, period);
    }

    private void OnHeartbeatTick()
    {
        long now = _time.GetTimestamp();
        TimeSpan silence = _time.GetElapsedTime(Volatile.Read(ref _lastReceivedTimestamp), now);
        if (silence >= _heartbeatInterval * ProtocolConstants.SilentIntervalsBeforeDisconnect)
        {
            if (Finish(ConnectionOutcome.HeartbeatTimedOut))
            {
                Log.HeartbeatTimedOut(_logger, (long)silence.TotalMilliseconds, ProtocolConstants.SilentIntervalsBeforeDisconnect);
            }

            return;
        }

        if (_time.GetElapsedTime(Volatile.Read(ref _lastSentTimestamp), now) >= _heartbeatInterval
            && _outgoing.Writer.TryWrite(OutgoingFrame.Heartbeat))
        {
            // Counted as sent now, so a heartbeat still waiting behind a large response is not queued twice.
            Volatile.Write(ref _lastSentTimestamp, now);
        }
    }

    /// <summary>
    /// Runs on the thread that requested the drain (possibly a signal handler), so it only
    /// queues the Goodbye, closes the work queue and arms the timeout; the loops do the rest.
    /// </summary>
    private void BeginDrain(string reason, bool leavingForOthers = false)
    {
        if (Interlocked.Exchange(ref _draining, 1) != 0)
        {
            return;
        }

        _leavingForOthers = leavingForOthers;
        Log.DrainStarted(_logger, reason);
        if (_slot is { } slot)
        {
            // No grant from now on; the batch held finishes and then frees its capacity.
            _owner.Capacity.Close(slot);
        }

        _outgoing.Writer.TryWrite(OutgoingFrame.Goodbye(reason));
        _work.Writer.TryComplete();
        _drainTimer = _time.CreateTimer(static s => ((ContainerConnection<TInput>)s!).OnDrainTimeout(), this, _options.DrainTimeout, Timeout.InfiniteTimeSpan);
    }

    private void OnDrainTimeout()
    {
        if (Finish(ConnectionOutcome.DrainTimedOut))
        {
            Log.DrainTimedOut(_logger, (long)_options.DrainTimeout.TotalMilliseconds);
        }
    }

    private void StopTimers()
    {
        _heartbeatTimer?.Dispose();
        _drainTimer?.Dispose();
    }
}
