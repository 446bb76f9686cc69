using System.Text;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>Pooled queries through a real replica connection: the model's answer recycles them, a late answer cannot.</summary>
public sealed class ReplicaConnectionPoolingTests
{
    private static readonly byte[] s_default = "\"default\""u8.ToArray();

    [Fact]
    public async Task ModelsAnswer_RecyclesTheQueryOnceTheRequestReleasesIt()
    {
        await using var harness = new RpcHarness();
        var connection = await harness.ConnectAsync();
        var query = Enqueue(harness, 4.5);
        var generation = query.Generation;

        var batch = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(batch.BatchId, "[9.0]");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);
        Assert.Equal("[9.0]", Encoding.UTF8.GetString(query.Output.Span));
        query.Release();

        Assert.Equal(generation + 1, query.Generation);
    }

    [Fact]
    public async Task LateAnswer_AfterTheDeadlineAnswered_ChangesNothingAndTheConnectionServesOn()
    {
        await using var harness = new RpcHarness();
        var connection = await harness.ConnectAsync();
        var late = Enqueue(harness, 1);
        var batch = await connection.Container.ReadBatchAsync();

        // The deadline timer's completion, while the replica holds the query.
        var generation = late.Generation;
        Assert.True(late.TryExpire(generation));
        await late.Completion.AsTask().WaitAsync(RpcHarness.Timeout);
        late.Release();
        await connection.Container.AnswerAsync(batch.BatchId, "1");

        var next = Enqueue(harness, 2);
        var nextBatch = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(nextBatch.BatchId, "2");
        await next.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        Assert.Equal((generation, DefaultReason.ObjectiveMissed), (late.Generation, late.DefaultReason));
        Assert.True(late.IsCompleted);
        Assert.Equal("2", Encoding.UTF8.GetString(next.Output.Span));
        next.Release();
    }

    private static Query Enqueue(RpcHarness harness, double value)
    {
        var input = BitConverter.GetBytes(value);
        var now = harness.Time.GetTimestamp();
        var query = Query.Rent(QueryIds.Next(), input, now + (10 * harness.Time.TimestampFrequency), s_default, now);
        Assert.Equal(EnqueueResult.Accepted, harness.Runtime.Queue.TryEnqueue(query));
        return query;
    }
}
