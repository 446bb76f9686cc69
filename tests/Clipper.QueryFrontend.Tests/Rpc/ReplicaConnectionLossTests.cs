using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Rpc;

public sealed class ReplicaConnectionLossTests
{
    [Fact]
    public async Task Dispatch_ContainerGoneWithABatch_ReQueuesItsQueriesToAnotherReplica()
    {
        await using var harness = new RpcHarness();
        var lost = await harness.ConnectAsync();
        var query = harness.Enqueue(7);
        var held = await lost.Container.ReadBatchAsync();
        var other = await harness.ConnectAsync();

        await lost.Container.CloseAsync();
        await lost.WaitHandledAsync();
        var retried = await other.Container.ReadBatchAsync();
        await other.Container.AnswerAsync(retried.BatchId, "served");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        Assert.Equal([7.0], held.FirstValues);
        Assert.Equal([7.0], retried.FirstValues);
        Assert.Equal(DefaultReason.None, query.DefaultReason);
        Assert.Equal(1, harness.Metrics.RequeuedCount);
        Assert.Single(harness.Runtime.Replicas);
        Assert.Single(harness.Directory.Recorded);
    }

    [Fact]
    public async Task Connect_SameContainerAfterItsConnectionWasLost_IsRecordedWithOneReconnect()
    {
        await using var harness = new RpcHarness();
        var lost = await harness.ConnectAsync();
        await lost.Container.CloseAsync();
        await lost.WaitHandledAsync();

        var back = await harness.ConnectAsync();

        // The replica joins its version a moment before it is recorded.
        await RpcHarness.WaitUntilAsync(() => harness.Directory.Reconnects.ContainsKey((RpcHarness.Model, back.Welcome!.ReplicaId)), "the returning replica was recorded");
        Assert.Equal(0, harness.Directory.Reconnects[(RpcHarness.Model, lost.Welcome!.ReplicaId)]);
        Assert.Equal(1, harness.Directory.Reconnects[(RpcHarness.Model, back.Welcome!.ReplicaId)]);
        Assert.NotEqual(lost.Welcome.ReplicaId, back.Welcome.ReplicaId);
    }

    [Fact]
    public async Task Dispatch_OnlyReplicaGone_AnswersItsQueriesWithTheDefaultAtOnce()
    {
        await using var harness = new RpcHarness();
        var only = await harness.ConnectAsync();
        var query = harness.Enqueue(7);
        await only.Container.ReadBatchAsync();

        await only.Container.CloseAsync();
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        Assert.Equal(DefaultReason.ReplicaLost, query.DefaultReason);
        Assert.Equal(0, harness.Metrics.RequeuedCount);
    }

    [Fact]
    public async Task Heartbeat_ContainerSilentForThreeIntervals_IsDroppedAndItsBatchGoesToAnotherReplica()
    {
        await using var harness = new RpcHarness();
        var silent = await harness.ConnectAsync();
        var query = harness.Enqueue(3);
        await silent.Container.ReadBatchAsync();
        var other = await harness.ConnectAsync();

        // The other container keeps talking; the silent one says nothing more.
        var retried = other.Container.ReadBatchAsync();
        while (!silent.Handled.IsCompleted)
        {
            await other.Container.SendHeartbeatAsync();
            await harness.AdvanceAsync(harness.Options.HeartbeatInterval);
            await Task.Delay(1);
        }

        var batch = await retried;
        await other.Container.AnswerAsync(batch.BatchId, "served");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        Assert.Equal(DefaultReason.None, query.DefaultReason);
        Assert.Equal(1, harness.Metrics.RequeuedCount);
        Assert.Single(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task Dispatch_ContainerHeartbeatsButNeverAnswers_IsDroppedOnceItsBatchIsPastEveryDeadline()
    {
        await using var harness = new RpcHarness();
        var hung = await harness.ConnectAsync();
        var query = harness.Enqueue(1, objective: TimeSpan.FromSeconds(2));
        await hung.Container.ReadBatchAsync();

        // The deadline answers the query; the replica is given up three heartbeat intervals later.
        while (!hung.Handled.IsCompleted)
        {
            await hung.Container.SendHeartbeatAsync();
            await harness.AdvanceAsync(harness.Options.HeartbeatInterval);
            await Task.Delay(1);
        }

        Assert.Equal(DefaultReason.ObjectiveMissed, query.DefaultReason);
        Assert.True(harness.Time.GetUtcNow() - harness.Time.Start >= TimeSpan.FromSeconds(2) + (3 * harness.Options.HeartbeatInterval),
            $"dropped after {harness.Time.GetUtcNow() - harness.Time.Start}");
        Assert.Empty(harness.Runtime.Replicas);
        Assert.Empty(harness.Directory.Recorded);
    }
}
