using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Rpc;

public sealed class ReplicaConnectionBatchTests
{
    [Fact]
    public async Task Dispatch_QueuedQuery_IsSentAsOneBatchAndCompletedWithTheModelsOutput()
    {
        await using var harness = new RpcHarness();
        var connection = await harness.ConnectAsync();
        var query = harness.Enqueue(4.5);

        var batch = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(batch.BatchId, "[9.0]");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        Assert.Equal((int)InputType.Doubles, batch.InputTypeCode);
        Assert.Equal([4.5], batch.FirstValues);
        Assert.Equal(DefaultReason.None, query.DefaultReason);
        Assert.Equal("[9.0]", Encoding.UTF8.GetString(query.Output.Span));
        Assert.Equal(1, harness.Metrics.SentCount);
    }

    [Fact]
    public async Task Dispatch_NextBatch_IsSentOnlyAfterThePreviousOneWasAnswered()
    {
        await using var harness = new RpcHarness();
        var connection = await harness.ConnectAsync();
        var first = harness.Enqueue(1);
        var second = harness.Enqueue(2);

        var batch = await connection.Container.ReadBatchAsync();
        Assert.Equal(1, harness.Metrics.SentCount);
        await connection.Container.AnswerAsync(batch.BatchId, "1");
        var next = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(next.BatchId, "2");
        await second.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        Assert.Equal([1.0], batch.FirstValues);
        Assert.Equal([2.0], next.FirstValues);
        Assert.True(next.BatchId > batch.BatchId);
        Assert.True(first.IsCompleted);
    }

    [Fact]
    public async Task Dispatch_ModelAnswersAnError_CompletesTheQueryWithTheDefaultAndTheModelsMessage()
    {
        await using var harness = new RpcHarness();
        var connection = await harness.ConnectAsync();
        var query = harness.Enqueue(1);

        var batch = await connection.Container.ReadBatchAsync();
        await connection.Container.FailAsync(batch.BatchId, 1, "division by zero");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        Assert.Equal(DefaultReason.ModelError, query.DefaultReason);
        Assert.Equal("division by zero", query.ModelError);
        Assert.Equal("\"default\"", Encoding.UTF8.GetString(query.Output.Span));
    }

    [Fact]
    public async Task Dispatch_BatchLargerThanTheFrameLimit_SendsWhatFitsAndTheRestInTheNextBatch()
    {
        // Each input is 8 KiB of doubles; two fit in a 20 KiB frame, three do not.
        await using var harness = new RpcHarness(options => options.MaxFrameBytes = 20 * 1024, batchSize: 3);
        var queries = new[] { harness.Enqueue(1, inputDoubles: 1024), harness.Enqueue(2, inputDoubles: 1024), harness.Enqueue(3, inputDoubles: 1024) };
        var connection = await harness.ConnectAsync();

        var first = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(first.BatchId, "a", "b");
        var second = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(second.BatchId, "c");
        await Task.WhenAll(queries.Select(q => q.Completion.AsTask())).WaitAsync(RpcHarness.Timeout);

        Assert.Equal([1.0, 2.0], first.FirstValues);
        Assert.Equal([3.0], second.FirstValues);
        Assert.All(queries, q => Assert.Equal(DefaultReason.None, q.DefaultReason));
        var written = BatchRequestWriter.GetFrameLength(first.BatchId, InputType.Doubles, first.Inputs.Select(i => (ReadOnlyMemory<byte>)i).ToArray());
        Assert.True(written - ProtocolConstants.LengthPrefixBytes <= harness.Options.MaxFrameBytes, $"a frame of {written} bytes was sent");
    }

    [Fact]
    public async Task Dispatch_InputLargerThanAnyFrame_IsAnsweredAtOnceNamingTheOption()
    {
        await using var harness = new RpcHarness(options => options.MaxFrameBytes = 4096);
        var connection = await harness.ConnectAsync();
        var tooLarge = harness.Enqueue(1, inputDoubles: 1024);
        var small = harness.Enqueue(2);

        var batch = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(batch.BatchId, "ok");
        await Task.WhenAll(tooLarge.Completion.AsTask(), small.Completion.AsTask()).WaitAsync(RpcHarness.Timeout);

        Assert.Equal(DefaultReason.ModelError, tooLarge.DefaultReason);
        Assert.Equal("the input is 8192 bytes; a batch frame holds at most 4096 (option MaxFrameBytes)", tooLarge.ModelError);
        Assert.Equal([2.0], batch.FirstValues);
        Assert.Equal(DefaultReason.None, small.DefaultReason);
    }

    [Fact]
    public async Task Heartbeat_IdleConnection_GetsAHeartbeatEachInterval()
    {
        await using var harness = new RpcHarness();
        var connection = await harness.ConnectAsync();

        var frame = connection.Container.ReadFrameAsync(skipHeartbeats: false);
        while (!frame.IsCompleted)
        {
            await connection.Container.SendHeartbeatAsync();
            await harness.AdvanceAsync(harness.Options.HeartbeatInterval);
            await Task.Delay(1);
        }

        Assert.Equal(MessageType.Heartbeat, (await frame).Type);
    }
}
