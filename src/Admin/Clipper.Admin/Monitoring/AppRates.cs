namespace Clipper.Admin.Monitoring;

/// <summary>One app over an interval between two readings of its counters: what a live view shows.</summary>
/// <param name="App">The app.</param>
/// <param name="AnswersPerSecond">Queries answered per second (by the model or by default).</param>
/// <param name="DefaultsPerSecond">Queries answered with the default output per second, by reason (reasons seen in the interval).</param>
/// <param name="RefusedPerSecond">Requests refused per second (4xx and 503).</param>
/// <param name="P50">The median latency in seconds over the interval; null with no answer.</param>
/// <param name="P99">The 99th percentile latency in seconds over the interval; null with no answer.</param>
/// <param name="Totals">The counters at the end of the interval.</param>
public sealed record AppRates(string App, double AnswersPerSecond, IReadOnlyDictionary<string, double> DefaultsPerSecond, double RefusedPerSecond, double? P50, double? P99, AppCounters Totals)
{
    /// <summary>
    /// The rates between <paramref name="before"/> and <paramref name="after"/>, <paramref name="elapsed"/> apart. Counters that
    /// went down (a frontend restarted or left) count from zero, as Prometheus's <c>rate</c> treats a reset.
    /// </summary>
    /// <param name="app">The app.</param>
    /// <param name="before">Its counters at the start (<see cref="AppCounters.Empty"/> for a new app).</param>
    /// <param name="after">Its counters at the end.</param>
    /// <param name="elapsed">The time between the two readings.</param>
    /// <returns>The rates.</returns>
    public static AppRates Between(string app, AppCounters before, AppCounters after, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        var defaults = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (reason, count) in after.Defaults)
        {
            var delta = Delta(before.Defaults.GetValueOrDefault(reason), count);
            if (delta > 0)
            {
                defaults[reason] = delta / seconds;
            }
        }

        var reset = after.Latency.Count < before.Latency.Count;
        var earlier = reset ? LatencyHistogram.Empty : before.Latency;
        var answered = Delta(before.AnsweredByModel + before.DefaultCount, after.AnsweredByModel + after.DefaultCount);
        return new AppRates(
            app,
            answered / seconds,
            defaults,
            Delta(before.RefusedCount, after.RefusedCount) / seconds,
            after.Latency.QuantileSince(earlier, 0.5),
            after.Latency.QuantileSince(earlier, 0.99),
            after);
    }

    private static long Delta(long before, long after) => after >= before ? after - before : after;
}
