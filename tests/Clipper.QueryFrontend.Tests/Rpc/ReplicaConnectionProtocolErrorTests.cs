using System.Buffers.Binary;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>A container that breaks the protocol loses its connection; its batch goes to another replica and serving goes on.</summary>
public sealed class ReplicaConnectionProtocolErrorTests
{
    private static readonly Dictionary<string, Func<ulong, FakeContainer, Task>> s_violations = new()
    {
        { "length prefix past MaxFrameBytes", (_, c) => c.SendRawAsync(0x7F, 0xFF, 0xFF, 0xFF, (byte)MessageType.BatchResponse) },
        { "empty frame", (_, c) => c.SendRawAsync(0, 0, 0, 0) },
        { "unknown frame type", (_, c) => c.SendRawAsync(0, 0, 0, 1, 0xEE) },
        { "a BatchRequest from a container", (_, c) => c.SendAsync(o => BatchRequestWriter.Write(o, 1, InputType.Doubles, new ReadOnlyMemory<byte>[] { new byte[8] })) },
        { "a second Hello", (_, c) => c.SendHelloAsync() },
        { "a response to another batch", (id, c) => c.AnswerAsync(id + 1, "x") },
        { "a response with more results than inputs", (id, c) => c.AnswerAsync(id, "x", "y") },
        { "a malformed response body", (_, c) => c.SendRawAsync(0, 0, 0, 3, (byte)MessageType.BatchResponse, 0x92, 0xC1) },
        { "a malformed heartbeat", (_, c) => c.SendRawAsync(0, 0, 0, 2, (byte)MessageType.Heartbeat, 0xC1) },
        { "a second Grant while one is unused", async (_, c) => { await c.SendGrantAsync(); await c.SendGrantAsync(); } },
        { "a malformed Grant", (_, c) => c.SendRawAsync(0, 0, 0, 2, (byte)MessageType.Grant, 0x90) },
        { "a Demand from a container", (_, c) => c.SendAsync(o => MessageCodec.WriteDemand(o, 1, 10)) },
        { "a version 2 response (no model time) on a version 3 connection", (id, c) => c.SendAsync(o => BatchResponseWriter.Write(o, id, ["x"])) },
        { "a response whose model time is a str", (id, c) => c.SendAsync(o => WriteResponse(o, id, (ref MessagePack.MessagePackWriter w) => w.Write("12"))) },
        { "a response whose model time is negative", (id, c) => c.SendAsync(o => WriteResponse(o, id, (ref MessagePack.MessagePackWriter w) => w.Write(-1))) },
        { "a response with bytes after its model time", (id, c) => c.SendAsync(o => WriteResponse(o, id, (ref MessagePack.MessagePackWriter w) => { w.Write(12); w.WriteNil(); })) },
        { "a frame cut off by the end of the stream", async (_, c) => { await c.SendRawAsync(0, 0, 0, 20, (byte)MessageType.BatchResponse, 0x92); await c.CloseAsync(); } },
    };

    public static TheoryData<string> Violations => [.. s_violations.Keys];

    /// <summary>A version 3 BatchResponse of one output whose tail (the model time and whatever follows) <paramref name="tail"/> writes.</summary>
    private static void WriteResponse(System.Buffers.IBufferWriter<byte> output, ulong batchId, MessagePackWriterAction tail)
    {
        var body = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(body);
        writer.WriteArrayHeader(3);
        writer.Write(batchId);
        writer.WriteArrayHeader(1);
        writer.Write("x");
        tail(ref writer);
        writer.Flush();
        var frame = new byte[5 + body.WrittenCount];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.WrittenCount + 1);
        frame[4] = (byte)MessageType.BatchResponse;
        body.WrittenSpan.CopyTo(frame.AsSpan(5));
        System.Buffers.BuffersExtensions.Write(output, (ReadOnlySpan<byte>)frame);
    }

    private delegate void MessagePackWriterAction(ref MessagePack.MessagePackWriter writer);

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task Dispatch_ProtocolViolation_ClosesTheConnectionAndAnotherReplicaServesTheBatch(string violation)
    {
        var send = s_violations[violation];
        await using var harness = new RpcHarness();
        var broken = await harness.ConnectAsync();
        var query = harness.Enqueue(5);
        var batch = await broken.Container.ReadBatchAsync();
        var other = await harness.ConnectAsync();

        await send(batch.BatchId, broken.Container);

        await broken.WaitHandledAsync();
        var retried = await other.Container.ReadBatchAsync();
        await other.Container.AnswerAsync(retried.BatchId, "served");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);
        Assert.True(DefaultReason.None == query.DefaultReason, $"after {violation}: {query.DefaultReason}");
        Assert.Single(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task Dispatch_ResponseFrameLargerThanTheLimit_IsRefusedBeforeItIsBuffered()
    {
        await using var harness = new RpcHarness(options => options.MaxFrameBytes = 4096);
        var connection = await harness.ConnectAsync();
        var query = harness.Enqueue(1);
        await connection.Container.ReadBatchAsync();

        // Only the header of a 1 MiB frame: the frontend must not wait for the rest.
        var header = new byte[5];
        BinaryPrimitives.WriteInt32BigEndian(header, 1024 * 1024);
        header[4] = (byte)MessageType.BatchResponse;
        await connection.Container.SendRawAsync(header);

        await connection.WaitHandledAsync();
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);
        Assert.Equal(DefaultReason.ReplicaLost, query.DefaultReason);
    }

    [Fact]
    public async Task Dispatch_ResultsFewerThanInputs_ClosesTheConnection()
    {
        await using var harness = new RpcHarness(batchSize: 2);
        var queries = new[] { harness.Enqueue(1), harness.Enqueue(2) };
        var connection = await harness.ConnectAsync();
        var batch = await connection.Container.ReadBatchAsync();
        Assert.Equal(2, batch.Inputs.Count);

        await connection.Container.AnswerAsync(batch.BatchId, "only one");

        await connection.WaitHandledAsync();
        await Task.WhenAll(queries.Select(q => q.Completion.AsTask())).WaitAsync(RpcHarness.Timeout);
        Assert.All(queries, q => Assert.Equal(DefaultReason.ReplicaLost, q.DefaultReason));
    }
}
