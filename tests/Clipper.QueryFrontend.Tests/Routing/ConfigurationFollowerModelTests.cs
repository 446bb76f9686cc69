using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;
using static Clipper.QueryFrontend.Tests.Routing.FollowerHarness;

namespace Clipper.QueryFrontend.Tests.Routing;

public sealed class ConfigurationFollowerModelTests
{
    [Fact]
    public async Task Rebuild_ModelVersionsCurrentOrNot_RegistersEveryOne()
    {
        await using FollowerHarness harness = new();

        harness.Rebuild(Config(1, [], Model("m", "1"), Model("m", "2", current: false, batchSize: 4)));

        Assert.NotNull(harness.Runtime("m", "1").Settings);
        Assert.Equal(4, harness.Runtime("m", "2").Settings!.BatchSize);
    }

    [Theory]
    [InlineData("another-frontend", true)]
    [InlineData(null, false)]
    public async Task Rebuild_ReplicaRecordedByAFrontend_ExpectsReplicasOnlyWhenThatFrontendIsAnother(string? frontendId, bool expected)
    {
        await using FollowerHarness harness = new();
        var replica = new Clipper.Configuration.ReplicaRecord
        {
            ModelName = "m",
            ModelVersion = "1",
            ReplicaId = 0,
            FrontendId = frontendId ?? harness.Options.EffectiveFrontendId,
            ConnectedAt = DateTimeOffset.UnixEpoch,
        };

        harness.Follower.Rebuild(new Clipper.Configuration.ClusterConfiguration(1, "epoch-1", [App("a", model: "m")], [Model("m", "1")], [replica]));

        Assert.Equal(expected, harness.Runtime("m", "1").ReplicasExpected);
    }

    [Fact]
    public async Task Rebuild_NoReplicaRecorded_ExpectsNone()
    {
        await using FollowerHarness harness = new();

        harness.Rebuild(Config(1, [App("a", model: "m")], Model("m", "1")));

        Assert.False(harness.Runtime("m", "1").ReplicasExpected);
    }

    [Fact]
    public async Task Rebuild_ModelVersionDeleted_RetiresItAndAnswersItsQueuedQueriesAtOnce()
    {
        await using FollowerHarness harness = new();
        harness.Rebuild(Config(1, [App("a", model: "m")], Model("m", "1"), Model("m", "2", current: false)));
        ModelVersionRuntime deleted = harness.Runtime("m", "2");
        Query queued = new(1, new byte[8], harness.Time.GetTimestamp() + TimeSpan.TicksPerSecond, "null"u8.ToArray());
        Assert.Equal(EnqueueResult.Accepted, deleted.Queue.TryEnqueue(queued));

        harness.Rebuild(Config(2, [App("a", model: "m")], Model("m", "1")));

        Assert.True(queued.IsCompleted);
        Assert.Equal(DefaultReason.ModelVersionRemoved, queued.DefaultReason);
        Assert.True(deleted.Queue.IsCompleted);
        Assert.False(harness.Registry.TryGet(new ModelVersionId("m", "2"), out _));
        Assert.NotNull(harness.Runtime("m", "1").Settings);
    }

    [Fact]
    public async Task Rebuild_DeletedVersionRegisteredAgain_GetsAFreshRuntime()
    {
        await using FollowerHarness harness = new();
        harness.Rebuild(Config(1, [], Model("m", "1", batchSize: 8)));
        ModelVersionRuntime first = harness.Runtime("m", "1");
        harness.Rebuild(Config(2, []));

        harness.Rebuild(Config(3, [], Model("m", "1", batchSize: 8)));

        ModelVersionRuntime second = harness.Runtime("m", "1");
        Assert.NotSame(first, second);
        Assert.False(second.Queue.IsCompleted);
        Assert.Equal(8, second.Policy.MaxBatchSize);
    }

    [Fact]
    public async Task Rebuild_VersionWhoseContainersConnectedBeforeRegistration_DoesNotRetireIt()
    {
        await using FollowerHarness harness = new();
        ModelVersionRuntime held = harness.Registry.GetOrAdd(new ModelVersionId("early", "1"), InputType.Doubles);

        harness.Rebuild(Config(1, [], Model("m", "1")));

        Assert.Same(held, harness.Runtime("early", "1"));
        Assert.False(held.Queue.IsCompleted);
    }

    [Fact]
    public async Task Rebuild_RuntimeCreatedBeforeItsRegistration_RegistersIt()
    {
        await using FollowerHarness harness = new();
        ModelVersionRuntime early = harness.Registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Strings);

        harness.Rebuild(Config(1, [], Model("m", "1")));

        Assert.Same(early, harness.Runtime("m", "1"));
        Assert.NotNull(early.Settings);
        Assert.Equal(InputType.Doubles, early.Settings!.InputType);
        Assert.Equal(InputType.Doubles, early.InputType);
    }

    [Fact]
    public async Task Rebuild_LinkedApps_SetTheBatchObjectiveToTheirSmallestSloTimesTheObjectiveShare()
    {
        await using FollowerHarness harness = new(batching => batching.ObjectiveShare = 0.25);

        harness.Rebuild(Config(1,
            [App("slow", 400_000, "m"), App("fast", 40_000, "m"), App("other", 1_000, "n")],
            Model("m", "1"), Model("n", "1")));

        ModelVersionRuntime runtime = harness.Runtime("m", "1");
        Assert.Equal(TimeSpan.FromMilliseconds(10), runtime.Settings!.LatencyObjective);
        Assert.Equal(TimeSpan.FromMilliseconds(10), Assert.IsType<AimdBatchSizePolicy>(runtime.Policy).LatencyObjective);
    }

    [Fact]
    public async Task Rebuild_LinkedModel_AppliesTheBatchObjectiveToEveryVersion()
    {
        await using FollowerHarness harness = new();

        harness.Rebuild(Config(1, [App("a", 30_000, "m")], Model("m", "1"), Model("m", "2", current: false)));

        Assert.Equal(TimeSpan.FromMilliseconds(15), harness.Runtime("m", "2").Settings!.LatencyObjective);
    }

    [Fact]
    public async Task Rebuild_NoLinkedApps_SetsTheBatchObjectiveToTheDefaultObjective()
    {
        await using FollowerHarness harness = new(batching => batching.DefaultObjective = TimeSpan.FromMilliseconds(70));

        harness.Rebuild(Config(1, [App("unlinked", 5_000)], Model("m", "1", batchSize: 8)));

        ModelVersionRuntime runtime = harness.Runtime("m", "1");
        Assert.Equal(TimeSpan.FromMilliseconds(70), runtime.Settings!.LatencyObjective);
    }

    [Fact]
    public async Task Rebuild_BatchSizeMinusOne_GivesTheAdaptivePolicy()
    {
        await using FollowerHarness harness = new();

        harness.Rebuild(Config(1, [], Model("m", "1", batchSize: -1)));

        Assert.IsType<AimdBatchSizePolicy>(harness.Runtime("m", "1").Policy);
    }

    [Fact]
    public async Task Rebuild_PositiveBatchSize_GivesAFixedPolicyOfThatSize()
    {
        await using FollowerHarness harness = new();

        harness.Rebuild(Config(1, [], Model("m", "1", batchSize: 12)));

        IBatchSizePolicy policy = harness.Runtime("m", "1").Policy;
        Assert.IsType<FixedBatchSizePolicy>(policy);
        Assert.Equal(12, policy.MaxBatchSize);
    }

    [Fact]
    public async Task Rebuild_SloChanged_KeepsTheAdaptivePolicyAndItsSize()
    {
        await using FollowerHarness harness = new();
        harness.Rebuild(Config(1, [App("a", 100_000, "m")], Model("m", "1")));
        IBatchSizePolicy policy = harness.Runtime("m", "1").Policy;
        policy.OnBatchCompleted(1, TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, policy.MaxBatchSize);

        harness.Rebuild(Config(2, [App("a", 20_000, "m")], Model("m", "1")));

        Assert.Same(policy, harness.Runtime("m", "1").Policy);
        Assert.Equal(2, policy.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(10), Assert.IsType<AimdBatchSizePolicy>(policy).LatencyObjective);
    }
}
