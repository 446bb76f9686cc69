namespace Clipper.Admin.Monitoring;

/// <summary>
/// A cumulative latency histogram as the query frontends publish it: bucket upper bounds in seconds with the number of
/// answers at or under each, and the total count (the bucket without an upper bound) and sum.
/// </summary>
/// <param name="UpperBounds">The buckets' upper bounds in seconds, increasing.</param>
/// <param name="Cumulative">For each bound, the answers that took at most that long (non-decreasing).</param>
/// <param name="Count">Every answer counted.</param>
/// <param name="Sum">The sum of their latencies in seconds.</param>
public sealed record LatencyHistogram(IReadOnlyList<double> UpperBounds, IReadOnlyList<long> Cumulative, long Count, double Sum)
{
    /// <summary>A histogram with no answer.</summary>
    public static LatencyHistogram Empty { get; } = new([], [], 0, 0);

    /// <summary>
    /// This histogram plus <paramref name="other"/>, bucket by bucket (frontends of one cluster use the same bounds; where they
    /// differ, the other's buckets are left out and only the count and sum are added).
    /// </summary>
    /// <param name="other">The histogram to add.</param>
    /// <returns>The sum.</returns>
    public LatencyHistogram Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (UpperBounds.Count == 0)
        {
            return other with { };
        }

        var cumulative = new long[Cumulative.Count];
        var same = UpperBounds.SequenceEqual(other.UpperBounds);
        for (var i = 0; i < cumulative.Length; i++)
        {
            cumulative[i] = Cumulative[i] + (same ? other.Cumulative[i] : 0);
        }

        return new LatencyHistogram(UpperBounds, cumulative, Count + other.Count, Sum + other.Sum);
    }

    /// <summary>
    /// The <paramref name="quantile"/> (0 to 1) of the answers counted since <paramref name="earlier"/>, in seconds, by linear
    /// interpolation inside the bucket that holds it (as Prometheus's <c>histogram_quantile</c> does); null when no answer was
    /// counted in between. A quantile past the last bound is that bound (the histogram knows no more).
    /// </summary>
    /// <param name="earlier">The same histogram read before (or <see cref="Empty"/>).</param>
    /// <param name="quantile">The quantile, 0 to 1.</param>
    /// <returns>Seconds, or null.</returns>
    public double? QuantileSince(LatencyHistogram earlier, double quantile)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var comparable = earlier.UpperBounds.Count == 0 || earlier.UpperBounds.SequenceEqual(UpperBounds);
        var total = Count - (comparable ? earlier.Count : 0);
        if (total <= 0 || UpperBounds.Count == 0)
        {
            return null;
        }

        var rank = quantile * total;
        long below = 0;
        var lower = 0.0;
        for (var i = 0; i < UpperBounds.Count; i++)
        {
            var atOrUnder = Cumulative[i] - (comparable && earlier.Cumulative.Count > i ? earlier.Cumulative[i] : 0);
            if (atOrUnder >= rank && atOrUnder > below)
            {
                return lower + ((UpperBounds[i] - lower) * (rank - below) / (atOrUnder - below));
            }

            below = atOrUnder;
            lower = UpperBounds[i];
        }

        return UpperBounds[^1];
    }
}
