namespace Clipper.ModelRpc.Serving;

/// <summary>
/// Exponential backoff with jitter: attempt n waits between half and all of
/// min(max, initial × 2ⁿ), so containers restarted together do not reconnect in lockstep.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    private int _attempt;

    /// <summary>The number of consecutive failed attempts so far.</summary>
    public int Attempt => _attempt;

    public TimeSpan NextDelay()
    {
        // Past 2^30 the cap always applies; clamping the exponent keeps the multiplication finite.
        double factor = Math.Pow(2, Math.Min(_attempt, 30));
        _attempt++;
        double ceiling = Math.Min(max.Ticks, initial.Ticks * factor);
        double jitter;

        // Links to several frontends back off at once, and a caller's Random need not be thread-safe.
        lock (random)
        {
            jitter = random.NextDouble();
        }

        return TimeSpan.FromTicks((long)((ceiling / 2) + (jitter * ceiling / 2)));
    }

    /// <summary>After a connection was welcomed the frontend was healthy: start again from the initial delay.</summary>
    public void Reset() => _attempt = 0;
}
