using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class FixedBatchSizePolicyTests
{
    [Fact]
    public void Keeps_its_size_whatever_the_latency()
    {
        FixedBatchSizePolicy policy = new(16, TimeSpan.FromMilliseconds(20));

        policy.OnBatchCompleted(16, TimeSpan.FromMilliseconds(1));
        policy.OnBatchCompleted(16, TimeSpan.FromSeconds(1));

        Assert.Equal(16, policy.MaxBatchSize);
        Assert.Equal(BatchSizePolicyNames.Fixed, policy.Name);
    }

    [Fact]
    public void The_latency_objective_can_be_updated()
    {
        FixedBatchSizePolicy policy = new(4);
        Assert.Equal(TimeSpan.MaxValue, policy.LatencyObjective);

        policy.LatencyObjective = TimeSpan.FromMilliseconds(30);

        Assert.Equal(TimeSpan.FromMilliseconds(30), policy.LatencyObjective);
    }

    [Fact]
    public void A_size_below_one_is_rejected()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new FixedBatchSizePolicy(0));
        Assert.Equal("size", error.ParamName);
    }
}
