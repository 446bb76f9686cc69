using System.Diagnostics.Metrics;

namespace Clipper.QueryFrontend.Metrics;

/// <summary>
/// The histograms' bucket bounds. The SDK's default bounds are for milliseconds (0, 5, 10 ... 10000); these durations
/// are in seconds, so their bounds are given explicitly, from half a millisecond to ten seconds.
/// </summary>
internal static class MetricBuckets
{
    /// <summary>Upper bounds in seconds, shared by the duration histograms and the JSON's per-app latency.</summary>
    public static readonly double[] Seconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Upper bounds of the batch size histogram, in queries.</summary>
    public static readonly long[] BatchSizes = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    /// <summary>The advice that gives a seconds histogram <see cref="Seconds"/> as its buckets.</summary>
    public static readonly InstrumentAdvice<double> SecondsAdvice = new() { HistogramBucketBoundaries = Seconds };

    /// <summary>The advice that gives the batch size histogram <see cref="BatchSizes"/> as its buckets.</summary>
    public static readonly InstrumentAdvice<long> BatchSizeAdvice = new() { HistogramBucketBoundaries = BatchSizes };
}
