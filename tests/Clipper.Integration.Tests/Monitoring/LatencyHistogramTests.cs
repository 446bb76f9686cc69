using Clipper.Admin.Monitoring;

namespace Clipper.Integration.Tests.Monitoring;

public sealed class LatencyHistogramTests
{
    private static readonly double[] s_bounds = [0.001, 0.005, 0.01, 0.05];

    [Fact]
    public void QuantileSince_InterpolatesInsideTheBucketHoldingTheRank()
    {
        // 100 answers: 50 at most 1 ms, 40 in (1, 5] ms, 10 in (5, 10] ms.
        var histogram = new LatencyHistogram(s_bounds, [50, 90, 100, 100], 100, 0.2);

        Assert.Equal(0.001, histogram.QuantileSince(LatencyHistogram.Empty, 0.5)!.Value, 9);
        Assert.Equal(0.001 + (0.004 * 25 / 40), histogram.QuantileSince(LatencyHistogram.Empty, 0.75)!.Value, 9);
        Assert.Equal(0.005 + (0.005 * 9 / 10), histogram.QuantileSince(LatencyHistogram.Empty, 0.99)!.Value, 9);
    }

    [Fact]
    public void QuantileSince_CountsOnlyTheAnswersSinceTheEarlierReading()
    {
        var earlier = new LatencyHistogram(s_bounds, [1000, 1000, 1000, 1000], 1000, 0.5);
        // Since then: 10 answers, all in (10, 50] ms.
        var now = new LatencyHistogram(s_bounds, [1000, 1000, 1000, 1010], 1010, 0.8);

        var median = now.QuantileSince(earlier, 0.5)!.Value;
        Assert.InRange(median, 0.01, 0.05);
    }

    [Fact]
    public void QuantileSince_NoAnswerInBetween_IsNull()
    {
        var histogram = new LatencyHistogram(s_bounds, [5, 5, 5, 5], 5, 0.001);
        Assert.Null(histogram.QuantileSince(histogram, 0.99));
        Assert.Null(LatencyHistogram.Empty.QuantileSince(LatencyHistogram.Empty, 0.5));
    }

    [Fact]
    public void QuantileSince_PastTheLastBound_IsTheLastBound()
    {
        // 10 answers, 5 of them slower than every bound.
        var histogram = new LatencyHistogram(s_bounds, [5, 5, 5, 5], 10, 3);
        Assert.Equal(0.05, histogram.QuantileSince(LatencyHistogram.Empty, 0.99));
    }

    [Fact]
    public void Add_SameBounds_AddsBucketByBucket()
    {
        var left = new LatencyHistogram(s_bounds, [1, 2, 3, 4], 5, 0.1);
        var right = new LatencyHistogram(s_bounds, [10, 20, 30, 40], 50, 1);

        var sum = left.Add(right);
        Assert.Equal([11L, 22, 33, 44], sum.Cumulative);
        Assert.Equal(55, sum.Count);
        Assert.Equal(1.1, sum.Sum, 9);
        Assert.Equal(left, LatencyHistogram.Empty.Add(left));
    }
}
