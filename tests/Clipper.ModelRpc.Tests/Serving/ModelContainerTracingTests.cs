using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;
using Clipper.ModelRpc.Tracing;

namespace Clipper.ModelRpc.Tests.Serving;

/// <summary>
/// Protocol version 3 in the container: the model time in every answer, the predict span continuing the frame's trace
/// context (a malformed one ignored), and version 2 frames when the frontend welcomes in version 2.
/// </summary>
public sealed class ModelContainerTracingTests : IDisposable
{
    private const string TraceParentText = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public ModelContainerTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ModelRpcTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Batch_WithTraceparent_PredictSpanIsItsCurrentChildAndTheAnswerCarriesTheModelTime()
    {
        string? seenByModel = null;
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs =>
        {
            seenByModel = Activity.Current?.ParentId;
            Thread.Sleep(20);
            return [.. inputs];
        });
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();
        connection.TraceParentToSend = Encoding.UTF8.GetBytes(TraceParentText);

        await connection.SendBatchAsync(7, InputType.Strings, "a"u8.ToArray());
        (ulong batchId, List<(bool IsError, string Text)> results) = await connection.ReadResponseAsync();

        Assert.Equal(7ul, batchId);
        Assert.Equal([(false, "a")], results);
        Assert.InRange(connection.LastModelTimeMicroseconds, 20_000ul, 10_000_000ul);
        Assert.Equal(TraceParentText, seenByModel);
        var predict = Assert.Single(_stopped, a => a.TraceId.ToHexString() == "0af7651916cd43dd8448eb211c80319c");
        Assert.Equal(ModelRpcTracing.PredictSpanName, predict.OperationName);
        Assert.Equal("b7ad6b7169203331", predict.ParentSpanId.ToHexString());
        Assert.Equal(ActivityKind.Server, predict.Kind);
        Assert.Equal(1, predict.GetTagItem("clipper.batch.size"));
    }

    [Theory]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01")]
    [InlineData("not a traceparent at all, but a str all the same.....")]
    public async Task Batch_WithMalformedTraceparent_IsServedWithoutItAndTheConnectionStays(string traceParent)
    {
        string? parentSeen = "unset";
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs =>
        {
            parentSeen = Activity.Current?.ParentId;
            return [.. inputs];
        });
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();
        connection.TraceParentToSend = Encoding.UTF8.GetBytes(traceParent);

        await connection.SendBatchAsync(1, InputType.Strings, "a"u8.ToArray());
        (_, List<(bool IsError, string Text)> first) = await connection.ReadResponseAsync();
        connection.TraceParentToSend = [];
        await connection.SendBatchAsync(2, InputType.Strings, "b"u8.ToArray());
        (_, List<(bool IsError, string Text)> second) = await connection.ReadResponseAsync();

        Assert.Equal([(false, "a")], first);
        Assert.Equal([(false, "b")], second);
        Assert.Null(parentSeen);
    }

    [Theory]
    [InlineData(0xCC, "an integer")]
    [InlineData(0xC4, "a bin")]
    [InlineData(0x90, "an array")]
    public async Task Batch_WithTraceContextOfTheWrongType_IsAProtocolError(byte firstByte, string described)
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();
        await connection.WaitForGrantAsync();
        byte[] body = Bodies.Build((ref MessagePack.MessagePackWriter w) =>
        {
            w.WriteArrayHeader(4);
            w.Write(1);
            w.Write((int)InputType.Strings);
            w.WriteArrayHeader(1);
            w.Write("a");
            switch (firstByte)
            {
                case 0xCC:
                    w.Write(200);
                    break;
                case 0xC4:
                    w.Write(new byte[] { 1, 2 });
                    break;
                default:
                    w.WriteArrayHeader(0);
                    break;
            }
        });

        await connection.SendRawAsync(Bodies.Frame((byte)MessageType.BatchRequest, body));
        await connection.ReadUntilClosedAsync();

        LogEntry error = Assert.Single(container.Logs.Entries, e => e.EventName == "ProtocolError");
        Assert.Contains("BatchRequest.trace_context: expected nil or a str (a W3C traceparent), received " + described, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Welcome_OfVersion2_BatchesAndAnswersAreVersion2()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);
        (FrontendConnection connection, _) = await frontend.AcceptHelloAsync();
        connection.ProtocolVersion = 2;
        await connection.WelcomeAsync();

        await connection.SendBatchAsync(3, InputType.Strings, "v2"u8.ToArray());
        (ulong batchId, List<(bool IsError, string Text)> results) = await connection.ReadResponseAsync();

        Assert.Equal(3ul, batchId);
        Assert.Equal([(false, "v2")], results);
        Assert.Equal(0ul, connection.LastModelTimeMicroseconds);
    }
}
