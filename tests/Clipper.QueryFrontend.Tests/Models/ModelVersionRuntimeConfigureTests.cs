using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Models;
using static Clipper.QueryFrontend.Tests.Models.TestRuntimes;

namespace Clipper.QueryFrontend.Tests.Models;

public sealed class ModelVersionRuntimeConfigureTests
{
    [Fact]
    public void Policy_BeforeRegistration_IsAdaptiveAtTheDefaultObjectiveWithNoSettings()
    {
        BatchingOptions batching = new() { DefaultObjective = TimeSpan.FromMilliseconds(80) };

        ModelVersionRuntime runtime = Create(batching);

        Assert.Null(runtime.Settings);
        Assert.IsType<AimdBatchSizePolicy>(runtime.Policy);
        Assert.Equal(TimeSpan.FromMilliseconds(80), Assert.IsType<AimdBatchSizePolicy>(runtime.Policy).LatencyObjective);
        Assert.False(runtime.HasReplicas);
    }

    [Fact]
    public void Configure_SameFixedSizeTwice_KeepsThePolicyObject()
    {
        ModelVersionRuntime runtime = Create();
        runtime.Configure(Settings(8, 20));
        IBatchSizePolicy policy = runtime.Policy;

        runtime.Configure(Settings(8, 20));

        Assert.Same(policy, runtime.Policy);
        Assert.IsType<FixedBatchSizePolicy>(policy);
        Assert.Equal(8, policy.MaxBatchSize);
    }

    [Fact]
    public void Configure_FixedSizeChanged_ReplacesThePolicy()
    {
        ModelVersionRuntime runtime = Create();
        runtime.Configure(Settings(8, 20));
        IBatchSizePolicy policy = runtime.Policy;

        runtime.Configure(Settings(16, 20));

        Assert.NotSame(policy, runtime.Policy);
        Assert.Equal(16, runtime.Policy.MaxBatchSize);
        Assert.Equal(16, runtime.Settings!.BatchSize);
    }

    [Fact]
    public void Configure_FixedToAdaptiveAndBack_SwitchesThePolicyKind()
    {
        ModelVersionRuntime runtime = Create();
        runtime.Configure(Settings(8, 20));

        runtime.Configure(Settings(-1, 20));
        Assert.IsType<AimdBatchSizePolicy>(runtime.Policy);

        runtime.Configure(Settings(4, 20));
        Assert.IsType<FixedBatchSizePolicy>(runtime.Policy);
        Assert.Equal(4, runtime.Policy.MaxBatchSize);
    }

    [Fact]
    public void Configure_OnlyTheObjectiveChanged_KeepsTheSameFixedPolicy()
    {
        ModelVersionRuntime runtime = Create();
        runtime.Configure(Settings(8, 20));
        IBatchSizePolicy policy = runtime.Policy;

        runtime.Configure(Settings(8, 35));

        Assert.Same(policy, runtime.Policy);
        Assert.Equal(TimeSpan.FromMilliseconds(35), runtime.Settings!.LatencyObjective);
    }

    [Fact]
    public void Configure_OnlyTheObjectiveChanged_KeepsTheAdaptiveState()
    {
        ModelVersionRuntime runtime = Create();
        runtime.Configure(Settings(-1, 20));
        IBatchSizePolicy policy = runtime.Policy;
        policy.OnBatchCompleted(1, TimeSpan.FromMilliseconds(1));
        policy.OnBatchCompleted(2, TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, policy.MaxBatchSize);

        runtime.Configure(Settings(-1, 5));

        Assert.Same(policy, runtime.Policy);
        Assert.Equal(3, policy.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(5), Assert.IsType<AimdBatchSizePolicy>(policy).LatencyObjective);
    }

    [Fact]
    public void Configure_FirstRegistration_ReplacesThePreRegistrationPolicy()
    {
        ModelVersionRuntime runtime = Create();
        IBatchSizePolicy unregistered = runtime.Policy;

        runtime.Configure(Settings(-1, 20));

        Assert.NotSame(unregistered, runtime.Policy);
        Assert.Equal(TimeSpan.FromMilliseconds(20), Assert.IsType<AimdBatchSizePolicy>(runtime.Policy).LatencyObjective);
    }

    [Fact]
    public void Configure_InputType_ReplacesTheOneTheRuntimeWasCreatedWith()
    {
        ModelVersionRuntime runtime = Create();

        runtime.Configure(Settings(8, 20, InputType.Strings));

        Assert.Equal(InputType.Strings, runtime.InputType);
        Assert.Equal(InputType.Strings, runtime.Settings!.InputType);
    }

    [Fact]
    public void Configure_WithAnotherInputTypeThanAHeldReplicaServes_StopsThatReplicaOnly()
    {
        var runtime = TestRuntimes.Create();
        var matching = new StubReplica(0) { InputType = InputType.Strings };
        var mismatched = new StubReplica(1) { InputType = InputType.Doubles };
        runtime.AddReplica(matching);
        runtime.AddReplica(mismatched);

        runtime.Configure(TestRuntimes.Settings(-1, 100, InputType.Strings));

        Assert.Equal(0, matching.StopCount);
        Assert.Equal(1, mismatched.StopCount);
    }
}
