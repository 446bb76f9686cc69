using CsCheck;
using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>Properties of the adaptive batch size over random options and random sequences of reports.</summary>
public sealed class AimdBatchSizePolicyPropertyTests
{
    private static readonly TimeSpan s_objective = TimeSpan.FromMilliseconds(20);

    // Small ranges where the bounds are met often, and wide ones up to int.MaxValue where rounding and overflow would
    // show; factors anywhere in (0, 1), including the largest double below 1, where a shrink is smallest.
    private static readonly Gen<AimdBatchSizeOptions> s_options =
        from wide in Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true)))
        from min in wide ? Gen.Int[1, 1_000_000] : Gen.Int[1, 8]
        from max in wide ? Gen.Int[min, int.MaxValue] : Gen.Int[min, min + 40]
        from initial in Gen.Int[min, max]
        from step in wide ? Gen.Int[1, int.MaxValue] : Gen.Int[1, 6]
        from factor in Gen.Frequency(
            (4, Gen.Double[0.01, 0.99]),
            (1, Gen.Const(0.9)),
            (1, Gen.Const(Math.BitDecrement(1.0))),
            (1, Gen.Const(double.Epsilon)))
        select new AimdBatchSizeOptions { MinSize = min, MaxSize = max, InitialSize = initial, IncreaseStep = step, DecreaseFactor = factor };

    // Latencies on both sides of the objective and exactly on it (which counts as in time).
    private static readonly Gen<(int Batch, TimeSpan Latency)> s_report = Gen.Select(
        Gen.Frequency((1, Gen.Int[-2, 0]), (6, Gen.Int[1, 64]), (1, Gen.Int[64, int.MaxValue])),
        Gen.Frequency((3, Gen.Long[0, s_objective.Ticks - 1]), (1, Gen.Const(s_objective.Ticks)), (3, Gen.Long[s_objective.Ticks + 1, s_objective.Ticks * 10])),
        (batch, ticks) => (batch, TimeSpan.FromTicks(ticks)));

    private static readonly Gen<(AimdBatchSizePolicy, AimdModel)> s_initial =
        s_options.Select(o => (new AimdBatchSizePolicy(s_objective, Copy(o)), new AimdModel(Copy(o), s_objective)));

    [Fact]
    public void OnBatchCompleted_RandomReports_FollowsTheAimdRuleWithinBounds()
    {
        s_initial.SampleModelBased(
            s_report.Operation<AimdBatchSizePolicy, AimdModel>(
                r => $"OnBatchCompleted({r.Batch}, {r.Latency.TotalMilliseconds} ms)",
                (policy, r) => policy.OnBatchCompleted(r.Batch, r.Latency),
                (model, r) => model.Report(r.Batch, r.Latency)),
            Gen.Int[1, 40].Operation<AimdBatchSizePolicy, AimdModel>(
                ms => $"LatencyObjective = {ms} ms",
                (policy, ms) => policy.LatencyObjective = TimeSpan.FromMilliseconds(ms),
                (model, ms) => model.Objective = TimeSpan.FromMilliseconds(ms)),
            equal: (policy, model) => policy.MaxBatchSize == model.Size,
            iter: PropertyRuns.Iter(2_000));
    }

    [Fact]
    public void OnBatchCompleted_AnyReport_KeepsTheSizeWithinBoundsAndMovesItAsDocumented()
    {
        Gen.Select(s_options, Gen.Int[0, 200], s_report).Sample((options, steps, report) =>
        {
            var policy = new AimdBatchSizePolicy(s_objective, options);

            // Walks to a random size first, reached by in-time reports only, so that the report below starts anywhere.
            for (int i = 0; i < steps; i++)
            {
                policy.OnBatchCompleted(int.MaxValue, TimeSpan.Zero);
            }

            int before = policy.MaxBatchSize;
            policy.OnBatchCompleted(report.Batch, report.Latency);
            int after = policy.MaxBatchSize;

            Assert.InRange(after, options.MinSize, options.MaxSize);
            if (report.Batch < 1)
            {
                Assert.Equal(before, after);
            }
            else if (report.Latency > s_objective)
            {
                // Multiplicative: strictly smaller unless already at the minimum, never below factor times the size.
                Assert.True(after < before || before == options.MinSize, $"a late batch left the size at {after}");
                Assert.True(after >= Math.Min(before, Math.Max(options.MinSize, Math.Floor(before * options.DecreaseFactor))), $"a late batch cut {before} to {after}");
            }
            else if (report.Batch >= before)
            {
                Assert.Equal(Math.Min((long)before + options.IncreaseStep, options.MaxSize), after);
            }
            else
            {
                Assert.Equal(before, after);
            }
        }, iter: PropertyRuns.Iter(2_000));
    }

    [Fact]
    public void OnBatchCompleted_ConcurrentReports_AreLinearizable()
    {
        s_initial.SampleParallel(
            s_report.Operation<AimdBatchSizePolicy, AimdModel>(
                r => $"OnBatchCompleted({r.Batch}, {r.Latency.TotalMilliseconds} ms)",
                (policy, r) => policy.OnBatchCompleted(r.Batch, r.Latency),
                (model, r) => model.Report(r.Batch, r.Latency)),
            equal: (policy, model) => policy.MaxBatchSize == model.Size,
            iter: PropertyRuns.Iter(40));
    }

    private static AimdBatchSizeOptions Copy(AimdBatchSizeOptions o) => new()
    {
        MinSize = o.MinSize,
        MaxSize = o.MaxSize,
        InitialSize = o.InitialSize,
        IncreaseStep = o.IncreaseStep,
        DecreaseFactor = o.DecreaseFactor,
    };
}
