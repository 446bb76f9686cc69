using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>How a replica's connection ends when nothing went wrong: the container leaves, the version goes, the frontend stops.</summary>
public sealed class ReplicaConnectionLeaveTests
{
    [Fact]
    public async Task Goodbye_FromTheContainer_StopsNewBatchesAndItsOutstandingBatchIsStillAccepted()
    {
        await using var harness = new RpcHarness();
        var leaving = await harness.ConnectAsync();
        var held = harness.Enqueue(1);
        var batch = await leaving.Container.ReadBatchAsync();

        await leaving.Container.SendGoodbyeAsync("draining");
        await RpcHarness.WaitUntilAsync(() => !harness.Runtime.HasReplicas, "the draining replica stopped taking batches");
        var waiting = harness.Enqueue(2);
        var other = await harness.ConnectAsync();
        var next = await other.Container.ReadBatchAsync();

        Assert.Equal([2.0], next.FirstValues);
        Assert.False(held.IsCompleted && held.DefaultReason == DefaultReason.None);
        await other.Container.AnswerAsync(next.BatchId, "2");
        await waiting.Completion.AsTask().WaitAsync(RpcHarness.Timeout);
        Assert.Equal([1.0], batch.FirstValues);
    }

    [Fact]
    public async Task Goodbye_FromTheContainer_MarksItsRecordDraining()
    {
        await using var harness = new RpcHarness();
        var leaving = await harness.ConnectAsync();
        var staying = await harness.ConnectAsync();

        await leaving.Container.SendGoodbyeAsync("draining");
        await RpcHarness.WaitUntilAsync(() => !harness.Directory.Draining.IsEmpty, "the draining replica was marked");

        var marked = Assert.Single(harness.Directory.Draining);
        Assert.Equal(RpcHarness.Model, marked.Model);
        Assert.Equal(leaving.Welcome!.ReplicaId, marked.ReplicaId);
        Assert.NotEqual(staying.Welcome!.ReplicaId, marked.ReplicaId);
    }

    [Fact]
    public async Task Retire_ReplicaHoldingABatch_FinishesItThenSaysGoodbyeNamingTheRemoval()
    {
        await using var harness = new RpcHarness();
        var connection = await harness.ConnectAsync();
        var inFlight = harness.Enqueue(1);
        var batch = await connection.Container.ReadBatchAsync();
        var queued = harness.Enqueue(2);

        Assert.Equal(1, harness.Registry.Retire(harness.Runtime));
        Assert.Equal(DefaultReason.ModelVersionRemoved, queued.DefaultReason);
        Assert.False(inFlight.IsCompleted);
        await connection.Container.AnswerAsync(batch.BatchId, "finished");

        Assert.Equal("model version m:1 was removed from the configuration", await connection.Container.ReadGoodbyeAsync());
        await connection.WaitHandledAsync();
        Assert.Equal(DefaultReason.None, inFlight.DefaultReason);
    }

    [Fact]
    public async Task Drain_FrontendStopping_ServesUntilTheLastHttpConnectionClosesThenSaysGoodbye()
    {
        await using var harness = new RpcHarness();
        var connection = await harness.ConnectAsync();
        harness.HttpConnections.Opened();
        var query = harness.Enqueue(1);

        // The server stops listening and asks every connection to close; one HTTP request is still open.
        harness.StopApplication();
        connection.RequestClose();
        var batch = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(batch.BatchId, "served while stopping");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);
        Assert.False(connection.Handled.IsCompleted);

        harness.HttpConnections.Closed();

        Assert.Equal("the query frontend is stopping", await connection.Container.ReadGoodbyeAsync());
        await connection.WaitHandledAsync();
        Assert.Equal(DefaultReason.None, query.DefaultReason);
        Assert.Empty(harness.Directory.Recorded);
    }
}
