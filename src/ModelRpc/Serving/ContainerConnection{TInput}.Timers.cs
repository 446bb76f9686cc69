using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

internal sealed partial class ContainerConnection<TInput>
{
    private ITimer? heartbeatTimer;
    private ITimer? drainTimer;
    private TimeSpan heartbeatInterval;
    private long lastReceivedTimestamp;
    private long lastSentTimestamp;
    private int draining;

    private TimeSpan CurrentHeartbeatInterval => heartbeatInterval > TimeSpan.Zero ? heartbeatInterval : options.HeartbeatInterval;

    /// <summary>
    /// Ticks every half interval: a heartbeat goes out after one to one and a half idle
    /// intervals, well before the frontend's three-interval limit, and silence is detected
    /// within half an interval of that limit.
    /// </summary>
    private void StartHeartbeats(WelcomeMessage welcome)
    {
        heartbeatInterval = TimeSpan.FromMilliseconds(welcome.HeartbeatIntervalMs);
        long now = time.GetTimestamp();
        lastReceivedTimestamp = now;
        lastSentTimestamp = now;
        TimeSpan period = TimeSpan.FromMilliseconds(Math.Max(1, welcome.HeartbeatIntervalMs / 2));
        heartbeatTimer = time.CreateTimer(static s => ((ContainerConnection<TInput>)s!).OnHeartbeatTick(), this, period, period);
    }

    private void OnHeartbeatTick()
    {
        long now = time.GetTimestamp();
        TimeSpan silence = time.GetElapsedTime(Volatile.Read(ref lastReceivedTimestamp), now);
        if (silence >= heartbeatInterval * ProtocolConstants.SilentIntervalsBeforeDisconnect)
        {
            if (Finish(ConnectionOutcome.HeartbeatTimedOut))
            {
                Log.HeartbeatTimedOut(logger, (long)silence.TotalMilliseconds, ProtocolConstants.SilentIntervalsBeforeDisconnect);
            }

            return;
        }

        if (time.GetElapsedTime(Volatile.Read(ref lastSentTimestamp), now) >= heartbeatInterval
            && outgoing.Writer.TryWrite(OutgoingFrame.Heartbeat))
        {
            // Counted as sent now, so a heartbeat still waiting behind a large response is not queued twice.
            Volatile.Write(ref lastSentTimestamp, now);
        }
    }

    /// <summary>
    /// Runs on the thread that requested the drain (possibly a signal handler), so it only
    /// queues the Goodbye, closes the work queue and arms the timeout; the loops do the rest.
    /// </summary>
    private void BeginDrain()
    {
        if (Interlocked.Exchange(ref draining, 1) != 0)
        {
            return;
        }

        Log.DrainStarted(logger);
        outgoing.Writer.TryWrite(OutgoingFrame.Goodbye(ProtocolConstants.DrainingReason));
        work.Writer.TryComplete();
        drainTimer = time.CreateTimer(static s => ((ContainerConnection<TInput>)s!).OnDrainTimeout(), this, options.DrainTimeout, Timeout.InfiniteTimeSpan);
    }

    private void OnDrainTimeout()
    {
        if (Finish(ConnectionOutcome.DrainTimedOut))
        {
            Log.DrainTimedOut(logger, (long)options.DrainTimeout.TotalMilliseconds);
        }
    }

    private void StopTimers()
    {
        heartbeatTimer?.Dispose();
        drainTimer?.Dispose();
    }
}
