using Clipper.QueryFrontend.Metrics;

namespace Clipper.QueryFrontend.Tests.Metrics;

public sealed class LatencyCountsTests
{
    [Fact]
    public void Record_ValuesOnBoundsAndBetween_FallInTheirLessOrEqualBucketCumulatively()
    {
        var counts = new LatencyCounts();
        counts.Record(0.0005); // on the first bound: its bucket
        counts.Record(0.0007); // between the first two bounds: the second
        counts.Record(0.001);  // on the second bound
        counts.Record(60);     // above every bound: +Inf only

        var cumulative = counts.Cumulative();
        Assert.Equal(MetricBuckets.Seconds.Length + 1, cumulative.Length);
        Assert.Equal(1, cumulative[0]);
        Assert.Equal(3, cumulative[1]);
        Assert.Equal(3, cumulative[^2]);
        Assert.Equal(4, cumulative[^1]);
        Assert.Equal(4, counts.Count);
        Assert.Equal(60.0022, counts.SumSeconds, 6);
    }

    [Fact]
    public void Cumulative_NothingRecorded_IsAllZero()
    {
        var counts = new LatencyCounts();
        Assert.All(counts.Cumulative(), c => Assert.Equal(0, c));
        Assert.Equal(0, counts.Count);
    }
}
