using CsCheck;
using Clipper.QueryFrontend.Batching;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>Properties of the fixed batch size, and of the factory that maps Clipper's batch_size to a policy.</summary>
public sealed class FixedBatchSizePolicyPropertyTests
{
    private static readonly TimeSpan s_objective = TimeSpan.FromMilliseconds(20);

    private static readonly Gen<(int Batch, TimeSpan Latency)> s_report =
        Gen.Select(Gen.Int, Gen.Long[0, TimeSpan.TicksPerSecond], (batch, ticks) => (batch, TimeSpan.FromTicks(ticks)));

    [Fact]
    public void MaxBatchSize_AnyReports_IsAlwaysTheConfiguredSize()
    {
        Gen.Select(Gen.Int[1, int.MaxValue], s_report.Array[0, 50]).Sample((size, reports) =>
        {
            IBatchSizePolicy policy = BatchSizePolicyFactory.Create(size, s_objective);
            Assert.IsType<FixedBatchSizePolicy>(policy);
            foreach ((int batch, TimeSpan latency) in reports)
            {
                policy.OnBatchCompleted(batch, latency);
                Assert.Equal(size, policy.MaxBatchSize);
            }

            Assert.Equal(size, policy.MaxBatchSize);
        }, iter: PropertyRuns.Iter(1_000));
    }

    [Fact]
    public void Create_NeitherAdaptiveNorPositive_ThrowsNamingTheValueAndWhatIsExpected()
    {
        Gen.Int[int.MinValue, 0].Where(v => v != BatchSizePolicyFactory.AdaptiveBatchSize).Sample(value =>
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => BatchSizePolicyFactory.Create(value, s_objective));
            Assert.Equal("batchSize", error.ParamName);
            Assert.Contains($"batchSize was {value}; expected -1 (adaptive) or a positive fixed size", error.Message, StringComparison.Ordinal);
        }, iter: PropertyRuns.Iter(1_000));
    }
}
