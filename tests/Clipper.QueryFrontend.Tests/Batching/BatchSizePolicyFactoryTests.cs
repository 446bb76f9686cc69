using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class BatchSizePolicyFactoryTests
{
    private static readonly TimeSpan s_objective = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void Create_MinusOne_ReturnsTheAdaptivePolicy()
    {
        IBatchSizePolicy policy = BatchSizePolicyFactory.Create(-1, s_objective, new AimdBatchSizeOptions { InitialSize = 3 });

        AimdBatchSizePolicy aimd = Assert.IsType<AimdBatchSizePolicy>(policy);
        Assert.Equal(3, aimd.MaxBatchSize);
        Assert.Equal(s_objective, aimd.LatencyObjective);
    }

    [Fact]
    public void Create_PositiveSize_ReturnsAFixedPolicyOfThatSize()
    {
        IBatchSizePolicy policy = BatchSizePolicyFactory.Create(32, s_objective);

        FixedBatchSizePolicy fixedPolicy = Assert.IsType<FixedBatchSizePolicy>(policy);
        Assert.Equal(32, fixedPolicy.MaxBatchSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Create_OtherSize_ThrowsNamingTheValueAndWhatWasExpected(int batchSize)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => BatchSizePolicyFactory.Create(batchSize, s_objective));

        Assert.Contains(batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("adaptive", error.Message, StringComparison.Ordinal);
    }
}
