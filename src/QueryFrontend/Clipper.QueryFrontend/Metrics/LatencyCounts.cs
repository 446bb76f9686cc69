namespace Clipper.QueryFrontend.Metrics;

/// <summary>
/// A histogram kept as plain longs beside the instrument, for the JSON on <c>GET /metrics</c>: a reader (the dashboard,
/// <c>clipper top</c>) computes rates and percentiles from the deltas of two reads. Updates are lock-free.
/// </summary>
internal sealed class LatencyCounts
{
    private readonly long[] _buckets = new long[MetricBuckets.Seconds.Length + 1];
    private long _count;
    private long _sumMicroseconds;

    /// <summary>Observations so far.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Their sum in seconds (kept in whole microseconds).</summary>
    public double SumSeconds => Volatile.Read(ref _sumMicroseconds) / 1e6;

    /// <summary>Records one observation.</summary>
    public void Record(double seconds)
    {
        var bucket = Array.BinarySearch(MetricBuckets.Seconds, seconds);

        // A value equal to a bound belongs to that bound's bucket (le: less than or equal); otherwise the complement is
        // the first bound above it, or the overflow bucket.
        Interlocked.Increment(ref _buckets[bucket >= 0 ? bucket : ~bucket]);
        Interlocked.Add(ref _sumMicroseconds, (long)(seconds * 1e6));
        Interlocked.Increment(ref _count);
    }

    /// <summary>The cumulative count at or below each bound of <see cref="MetricBuckets.Seconds"/>, then +Inf.</summary>
    public long[] Cumulative()
    {
        var cumulative = new long[_buckets.Length];
        long total = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            total += Volatile.Read(ref _buckets[i]);
            cumulative[i] = total;
        }

        return cumulative;
    }
}
