using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class FixedBatchSizePolicyTests
{
    [Fact]
    public void Keeps_its_size_whatever_the_latency()
    {
        FixedBatchSizePolicy policy = new(16);

        policy.OnBatchCompleted(16, TimeSpan.FromMilliseconds(1));
        policy.OnBatchCompleted(16, TimeSpan.FromSeconds(1));

        Assert.Equal(16, policy.MaxBatchSize);
    }

    [Fact]
    public void A_size_below_one_is_rejected()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new FixedBatchSizePolicy(0));
        Assert.Equal("size", error.ParamName);
    }
}
