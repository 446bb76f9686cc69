using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class FixedBatchSizePolicyTests
{
    [Fact]
    public void OnBatchCompleted_AnyLatency_KeepsTheSize()
    {
        FixedBatchSizePolicy policy = new(16);

        policy.OnBatchCompleted(16, TimeSpan.FromMilliseconds(1));
        policy.OnBatchCompleted(16, TimeSpan.FromSeconds(1));

        Assert.Equal(16, policy.MaxBatchSize);
    }

    [Fact]
    public void Constructor_SizeBelowOne_Throws()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new FixedBatchSizePolicy(0));
        Assert.Equal("size", error.ParamName);
    }
}
