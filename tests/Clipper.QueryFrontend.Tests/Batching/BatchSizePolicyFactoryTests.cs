using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class BatchSizePolicyFactoryTests
{
    private static readonly TimeSpan Objective = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void Minus_one_means_adaptive()
    {
        IBatchSizePolicy policy = BatchSizePolicyFactory.Create(-1, Objective, new AimdBatchSizeOptions { InitialSize = 3 });

        AimdBatchSizePolicy aimd = Assert.IsType<AimdBatchSizePolicy>(policy);
        Assert.Equal(3, aimd.MaxBatchSize);
        Assert.Equal(Objective, aimd.LatencyObjective);
    }

    [Fact]
    public void A_positive_size_is_fixed()
    {
        IBatchSizePolicy policy = BatchSizePolicyFactory.Create(32, Objective);

        FixedBatchSizePolicy fixedPolicy = Assert.IsType<FixedBatchSizePolicy>(policy);
        Assert.Equal(32, fixedPolicy.MaxBatchSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Other_sizes_are_rejected_with_the_value_and_what_was_expected(int batchSize)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => BatchSizePolicyFactory.Create(batchSize, Objective));

        Assert.Contains(batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("adaptive", error.Message, StringComparison.Ordinal);
    }
}
