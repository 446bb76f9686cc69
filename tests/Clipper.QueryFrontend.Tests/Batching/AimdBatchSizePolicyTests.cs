using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Tests.Batching;

public sealed class AimdBatchSizePolicyTests
{
    private static readonly TimeSpan Objective = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan InTime = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Late = TimeSpan.FromMilliseconds(30);

    [Fact]
    public void Starts_at_the_initial_size()
    {
        Assert.Equal(1, new AimdBatchSizePolicy(Objective).MaxBatchSize);
        Assert.Equal(7, new AimdBatchSizePolicy(Objective, new AimdBatchSizeOptions { InitialSize = 7 }).MaxBatchSize);
    }

    [Fact]
    public void Grows_additively_while_full_batches_finish_within_the_objective()
    {
        AimdBatchSizePolicy policy = new(Objective, new AimdBatchSizeOptions { IncreaseStep = 2 });

        policy.OnBatchCompleted(1, InTime);
        Assert.Equal(3, policy.MaxBatchSize);
        policy.OnBatchCompleted(3, Objective);
        Assert.Equal(5, policy.MaxBatchSize);
    }

    [Fact]
    public void Batches_smaller_than_the_current_size_do_not_grow_it()
    {
        AimdBatchSizePolicy policy = new(Objective, new AimdBatchSizeOptions { InitialSize = 10 });

        policy.OnBatchCompleted(9, InTime);

        Assert.Equal(10, policy.MaxBatchSize);
    }

    [Fact]
    public void Shrinks_by_ten_percent_rounded_down_when_any_batch_is_late()
    {
        AimdBatchSizePolicy policy = new(Objective, new AimdBatchSizeOptions { InitialSize = 100 });

        policy.OnBatchCompleted(100, Late);
        Assert.Equal(90, policy.MaxBatchSize);
        policy.OnBatchCompleted(3, Late);
        Assert.Equal(81, policy.MaxBatchSize);
        policy.OnBatchCompleted(81, Late);
        Assert.Equal(72, policy.MaxBatchSize);
    }

    [Fact]
    public void Never_goes_below_the_minimum()
    {
        AimdBatchSizePolicy one = new(Objective, new AimdBatchSizeOptions { InitialSize = 2 });
        one.OnBatchCompleted(2, Late);
        one.OnBatchCompleted(1, Late);
        Assert.Equal(1, one.MaxBatchSize);

        AimdBatchSizePolicy four = new(Objective, new AimdBatchSizeOptions { InitialSize = 5, MinSize = 4 });
        four.OnBatchCompleted(5, Late);
        four.OnBatchCompleted(4, Late);
        Assert.Equal(4, four.MaxBatchSize);
    }

    [Fact]
    public void Never_goes_above_the_maximum()
    {
        AimdBatchSizePolicy policy = new(Objective, new AimdBatchSizeOptions { InitialSize = 8, MaxSize = 10, IncreaseStep = 3 });

        policy.OnBatchCompleted(8, InTime);
        policy.OnBatchCompleted(10, InTime);

        Assert.Equal(10, policy.MaxBatchSize);
    }

    [Fact]
    public void A_latency_objective_updated_live_applies_to_the_next_report()
    {
        AimdBatchSizePolicy policy = new(Objective, new AimdBatchSizeOptions { InitialSize = 10 });

        policy.LatencyObjective = TimeSpan.FromMilliseconds(5);
        policy.OnBatchCompleted(10, InTime);
        Assert.Equal(9, policy.MaxBatchSize);

        policy.LatencyObjective = TimeSpan.FromMilliseconds(50);
        policy.OnBatchCompleted(9, Late);
        Assert.Equal(10, policy.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.LatencyObjective);
    }

    [Fact]
    public void Concurrent_reports_of_the_same_size_grow_it_once()
    {
        AimdBatchSizePolicy policy = new(Objective, new AimdBatchSizeOptions { InitialSize = 10 });

        Parallel.For(0, 64, _ => policy.OnBatchCompleted(10, InTime));

        Assert.Equal(11, policy.MaxBatchSize);
    }

    [Fact]
    public void Ignores_empty_batches()
    {
        AimdBatchSizePolicy policy = new(Objective, new AimdBatchSizeOptions { InitialSize = 10 });

        policy.OnBatchCompleted(0, Late);

        Assert.Equal(10, policy.MaxBatchSize);
    }

    [Theory]
    [InlineData(nameof(AimdBatchSizeOptions.MinSize))]
    [InlineData(nameof(AimdBatchSizeOptions.MaxSize))]
    [InlineData(nameof(AimdBatchSizeOptions.InitialSize))]
    [InlineData(nameof(AimdBatchSizeOptions.IncreaseStep))]
    [InlineData(nameof(AimdBatchSizeOptions.DecreaseFactor))]
    public void Invalid_options_are_rejected_naming_the_option(string option)
    {
        AimdBatchSizeOptions options = option switch
        {
            nameof(AimdBatchSizeOptions.MinSize) => new() { MinSize = 0 },
            nameof(AimdBatchSizeOptions.MaxSize) => new() { MinSize = 4, InitialSize = 4, MaxSize = 3 },
            nameof(AimdBatchSizeOptions.InitialSize) => new() { InitialSize = 2000 },
            nameof(AimdBatchSizeOptions.IncreaseStep) => new() { IncreaseStep = 0 },
            _ => new() { DecreaseFactor = 1.0 },
        };

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new AimdBatchSizePolicy(Objective, options));

        Assert.Equal(option, error.ParamName);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_positive_objective_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AimdBatchSizePolicy(TimeSpan.Zero));
        AimdBatchSizePolicy policy = new(Objective);
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.LatencyObjective = TimeSpan.FromMilliseconds(-1));
        Assert.Equal(Objective, policy.LatencyObjective);
    }
}
