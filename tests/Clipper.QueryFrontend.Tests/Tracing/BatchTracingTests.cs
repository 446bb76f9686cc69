using System.Collections.Concurrent;
using System.Diagnostics;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Tests.Rpc;
using Clipper.QueryFrontend.Tracing;

namespace Clipper.QueryFrontend.Tests.Tracing;

/// <summary>
/// The batch span with a listener: parented on the first traced query's request, linked to the others', carried to a
/// version 3 container as the frame's traceparent, with the container's model time as a child span.
/// </summary>
public sealed class BatchTracingTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public BatchTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is QueryFrontendTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Dispatch_QueriesOfTwoTraces_BatchSpanHasTheFirstAsParentLinksTheOtherAndTravelsInTheFrame()
    {
        await using var harness = new RpcHarness(batchSize: 2);
        var (first, firstRequest) = EnqueueTraced(harness, 1);
        var (second, secondRequest) = EnqueueTraced(harness, 2);
        Assert.NotNull(first.QueueWait);
        Assert.NotNull(second.QueueWait);
        Assert.Equal(firstRequest.SpanId, first.QueueWait.ParentSpanId);
        Assert.NotEqual(firstRequest.TraceId, secondRequest.TraceId);
        var connection = await harness.ConnectAsync();
        connection.Container.ModelTimeMicroseconds = 4_000;

        var batch = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(batch.BatchId, "1", "2");
        await second.Completion.AsTask().WaitAsync(RpcHarness.Timeout);
        await first.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        // The queries complete while the answer is read; the span ends right after.
        Assert.NotNull(batch.TraceContext);
        Assert.Equal(2, batch.Inputs.Count);
        Assert.StartsWith($"00-{firstRequest.TraceId}-", batch.TraceContext, StringComparison.Ordinal);
        await RpcHarness.WaitUntilAsync(() => _stopped.Any(a => a.OperationName == "batch" && a.TraceId == firstRequest.TraceId), "the batch span ended");
        var batchSpan = Assert.Single(_stopped, a => a.OperationName == "batch" && a.TraceId == firstRequest.TraceId);
        Assert.Equal(firstRequest.SpanId, batchSpan.ParentSpanId);
        Assert.Equal(ActivityKind.Client, batchSpan.Kind);
        var link = Assert.Single(batchSpan.Links);
        Assert.Equal(secondRequest.TraceId, link.Context.TraceId);
        Assert.Equal(secondRequest.SpanId, link.Context.SpanId);
        Assert.Equal(2, batchSpan.GetTagItem("clipper.batch.size"));
        // The frame carries the batch span's own flags: sampled (01), and the W3C "random" bit (02) when the runtime set it.
        Assert.Equal($"00-{batchSpan.TraceId}-{batchSpan.SpanId}-{(int)batchSpan.ActivityTraceFlags:x2}", batch.TraceContext);
        Assert.True(batchSpan.Recorded);

        var model = Assert.Single(_stopped, a => a.OperationName == "model" && a.ParentSpanId == batchSpan.SpanId);
        Assert.Equal(TimeSpan.FromMilliseconds(4), model.Duration);

        // Each query's wait ended when the batch took it, in its own trace.
        Assert.Single(_stopped, a => a.OperationName == "queue wait" && a.ParentSpanId == firstRequest.SpanId);
        Assert.Single(_stopped, a => a.OperationName == "queue wait" && a.ParentSpanId == secondRequest.SpanId);
    }

    [Fact]
    public async Task Dispatch_ToAVersion2Container_SendsNoTraceContext()
    {
        await using var harness = new RpcHarness();
        var (query, request) = EnqueueTraced(harness, 1);
        var connection = await harness.ConnectAsync(protocolVersion: 2);

        var batch = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(batch.BatchId, "1");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        Assert.Equal(3, batch.Fields);
        await RpcHarness.WaitUntilAsync(() => _stopped.Any(a => a.OperationName == "batch" && a.TraceId == request.TraceId), "the batch span ended");
        var batchSpan = Assert.Single(_stopped, a => a.OperationName == "batch" && a.TraceId == request.TraceId);
        Assert.DoesNotContain(_stopped, a => a.OperationName == "model" && a.ParentSpanId == batchSpan.SpanId);
    }

    /// <summary>Queues a query as a traced request would: its queue wait starts under the request's span.</summary>
    private static (Query Query, Activity Request) EnqueueTraced(RpcHarness harness, double value)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        var request = new Activity("POST /{app}/predict").SetIdFormat(ActivityIdFormat.W3C);
        request.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        request.Start();
        var wait = FrontendTracing.StartQueueWait();
        request.Stop();
        Activity.Current = previous;
        var query = harness.Enqueue(value);
        query.QueueWait = wait;
        return (query, request);
    }
}
