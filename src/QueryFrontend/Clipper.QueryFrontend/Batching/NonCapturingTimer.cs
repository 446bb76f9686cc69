namespace Clipper.QueryFrontend.Batching;

/// <summary>Creates long-lived timers that do not capture the creating caller's execution context.</summary>
internal static class NonCapturingTimer
{
    /// <summary>
    /// Creates a disarmed timer. Timers here live as long as their queue and fire on behalf of many
    /// callers, so flowing the first caller's <see cref="ExecutionContext"/> (its AsyncLocals,
    /// activity, culture) into every later callback would be both a leak and a lie.
    /// </summary>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="callback">A static callback; state carries the target.</param>
    /// <param name="state">The state passed to <paramref name="callback"/>.</param>
    /// <returns>A timer that does not fire until <see cref="ITimer.Change"/> is called.</returns>
    public static ITimer CreateDisarmed(TimeProvider timeProvider, TimerCallback callback, object state)
    {
        bool restoreFlow = false;
        try
        {
            if (!ExecutionContext.IsFlowSuppressed())
            {
                ExecutionContext.SuppressFlow();
                restoreFlow = true;
            }

            return timeProvider.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }
}
