using System.Buffers;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Clipper.Benchmarks.Payloads;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Tracing;

namespace Clipper.Benchmarks.Frames;

/// <summary>
/// What protocol version 3 and tracing cost the frontend's batch path: a BatchRequest of 16 small inputs written in
/// version 2 (the baseline, the frame before tracing), in version 3 untraced (tracing off: no listener, the batch span
/// not created, <c>nil</c> as trace context) and in version 3 with a traceparent formatted from a span context.
/// </summary>
public class TraceContextFrameBenchmarks
{
    private const ulong BatchId = 70_000;
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly ActivityContext _context = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
    private readonly Query?[] _batch = new Query?[16];
    private ReadOnlyMemory<byte>[] _inputs = [];

    [GlobalSetup]
    public void Setup()
    {
        _inputs = new ReadOnlyMemory<byte>[_batch.Length];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = PayloadData.Wire(Payload.Doubles4, seed: i);
            _batch[i] = new Query(i, _inputs[i], long.MaxValue, [0]);
        }
    }

    [Benchmark(Baseline = true)]
    public int Version2()
    {
        _output.ResetWrittenCount();
        BatchRequestWriter.Write(_output, BatchId, InputType.Doubles, _inputs);
        return _output.WrittenCount;
    }

    /// <summary>The frontend's path with tracing off: asks for a batch span (none), writes nil.</summary>
    [Benchmark]
    public int Version3TracingOff()
    {
        _output.ResetWrittenCount();
        Activity? span = FrontendTracing.StartBatch(_batch, new ModelVersionId("m", "1"), 0, "c");
        Span<byte> traceParent = stackalloc byte[ProtocolConstants.TraceParentLength];
        int length = span is null ? 0 : TraceParent.Format(span.Context, traceParent);
        BatchRequestWriter.Write(_output, BatchId, InputType.Doubles, _inputs, 3, traceParent[..length]);
        return _output.WrittenCount;
    }

    /// <summary>A traced batch's frame: the traceparent formatted and written (the span itself is the SDK's cost).</summary>
    [Benchmark]
    public int Version3WithTraceparent()
    {
        _output.ResetWrittenCount();
        Span<byte> traceParent = stackalloc byte[ProtocolConstants.TraceParentLength];
        int length = TraceParent.Format(_context, traceParent);
        BatchRequestWriter.Write(_output, BatchId, InputType.Doubles, _inputs, 3, traceParent[..length]);
        return _output.WrittenCount;
    }
}
