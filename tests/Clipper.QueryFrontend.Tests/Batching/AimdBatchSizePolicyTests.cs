using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class AimdBatchSizePolicyTests
{
    private static readonly TimeSpan s_objective = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan s_inTime = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan s_late = TimeSpan.FromMilliseconds(30);

    [Fact]
    public void MaxBatchSize_BeforeAnyReport_IsTheInitialSize()
    {
        Assert.Equal(1, new AimdBatchSizePolicy(s_objective).MaxBatchSize);
        Assert.Equal(7, new AimdBatchSizePolicy(s_objective, new AimdBatchSizeOptions { InitialSize = 7 }).MaxBatchSize);
    }

    [Fact]
    public void OnBatchCompleted_FullBatchWithinObjective_GrowsByTheIncreaseStep()
    {
        AimdBatchSizePolicy policy = new(s_objective, new AimdBatchSizeOptions { IncreaseStep = 2 });

        policy.OnBatchCompleted(1, s_inTime);
        Assert.Equal(3, policy.MaxBatchSize);
        policy.OnBatchCompleted(3, s_objective);
        Assert.Equal(5, policy.MaxBatchSize);
    }

    [Fact]
    public void OnBatchCompleted_BatchSmallerThanTheCurrentSize_DoesNotGrowIt()
    {
        AimdBatchSizePolicy policy = new(s_objective, new AimdBatchSizeOptions { InitialSize = 10 });

        policy.OnBatchCompleted(9, s_inTime);

        Assert.Equal(10, policy.MaxBatchSize);
    }

    [Fact]
    public void OnBatchCompleted_AnyBatchLate_ShrinksByTenPercentRoundedDown()
    {
        AimdBatchSizePolicy policy = new(s_objective, new AimdBatchSizeOptions { InitialSize = 100 });

        policy.OnBatchCompleted(100, s_late);
        Assert.Equal(90, policy.MaxBatchSize);
        policy.OnBatchCompleted(3, s_late);
        Assert.Equal(81, policy.MaxBatchSize);
        policy.OnBatchCompleted(81, s_late);
        Assert.Equal(72, policy.MaxBatchSize);
    }

    [Fact]
    public void OnBatchCompleted_LateAtTheMinimum_NeverGoesBelowIt()
    {
        AimdBatchSizePolicy one = new(s_objective, new AimdBatchSizeOptions { InitialSize = 2 });
        one.OnBatchCompleted(2, s_late);
        one.OnBatchCompleted(1, s_late);
        Assert.Equal(1, one.MaxBatchSize);

        AimdBatchSizePolicy four = new(s_objective, new AimdBatchSizeOptions { InitialSize = 5, MinSize = 4 });
        four.OnBatchCompleted(5, s_late);
        four.OnBatchCompleted(4, s_late);
        Assert.Equal(4, four.MaxBatchSize);
    }

    [Fact]
    public void OnBatchCompleted_InTimeAtTheMaximum_NeverGoesAboveIt()
    {
        AimdBatchSizePolicy policy = new(s_objective, new AimdBatchSizeOptions { InitialSize = 8, MaxSize = 10, IncreaseStep = 3 });

        policy.OnBatchCompleted(8, s_inTime);
        policy.OnBatchCompleted(10, s_inTime);

        Assert.Equal(10, policy.MaxBatchSize);
    }

    [Fact]
    public void LatencyObjective_UpdatedLive_AppliesToTheNextReport()
    {
        AimdBatchSizePolicy policy = new(s_objective, new AimdBatchSizeOptions { InitialSize = 10 });

        policy.LatencyObjective = TimeSpan.FromMilliseconds(5);
        policy.OnBatchCompleted(10, s_inTime);
        Assert.Equal(9, policy.MaxBatchSize);

        policy.LatencyObjective = TimeSpan.FromMilliseconds(50);
        policy.OnBatchCompleted(9, s_late);
        Assert.Equal(10, policy.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.LatencyObjective);
    }

    [Fact]
    public void OnBatchCompleted_ConcurrentReportsOfTheSameSize_GrowItOnce()
    {
        AimdBatchSizePolicy policy = new(s_objective, new AimdBatchSizeOptions { InitialSize = 10 });

        Parallel.For(0, 64, _ => policy.OnBatchCompleted(10, s_inTime));

        Assert.Equal(11, policy.MaxBatchSize);
    }

    [Fact]
    public void OnBatchCompleted_EmptyBatch_IsIgnored()
    {
        AimdBatchSizePolicy policy = new(s_objective, new AimdBatchSizeOptions { InitialSize = 10 });

        policy.OnBatchCompleted(0, s_late);

        Assert.Equal(10, policy.MaxBatchSize);
    }

    [Theory]
    [InlineData(nameof(AimdBatchSizeOptions.MinSize))]
    [InlineData(nameof(AimdBatchSizeOptions.MaxSize))]
    [InlineData(nameof(AimdBatchSizeOptions.InitialSize))]
    [InlineData(nameof(AimdBatchSizeOptions.IncreaseStep))]
    [InlineData(nameof(AimdBatchSizeOptions.DecreaseFactor))]
    public void Constructor_InvalidOption_ThrowsNamingTheOption(string option)
    {
        AimdBatchSizeOptions options = option switch
        {
            nameof(AimdBatchSizeOptions.MinSize) => new() { MinSize = 0 },
            nameof(AimdBatchSizeOptions.MaxSize) => new() { MinSize = 4, InitialSize = 4, MaxSize = 3 },
            nameof(AimdBatchSizeOptions.InitialSize) => new() { InitialSize = 2000 },
            nameof(AimdBatchSizeOptions.IncreaseStep) => new() { IncreaseStep = 0 },
            _ => new() { DecreaseFactor = 1.0 },
        };

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new AimdBatchSizePolicy(s_objective, options));

        Assert.Equal(option, error.ParamName);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LatencyObjective_NotPositive_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AimdBatchSizePolicy(TimeSpan.Zero));
        AimdBatchSizePolicy policy = new(s_objective);
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.LatencyObjective = TimeSpan.FromMilliseconds(-1));
        Assert.Equal(s_objective, policy.LatencyObjective);
    }
}
