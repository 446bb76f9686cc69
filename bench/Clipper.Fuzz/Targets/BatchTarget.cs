using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Fuzz.Targets;

/// <summary>
/// A BatchRequest body decoded by a container of each input type, in the shapes of protocol versions 2 and 3 (the trace
/// context fourth), and the same bytes read as a BatchResponse by the frontend in both versions (version 3: the model
/// time third). A decoded batch is written back with the frontend's writer of the same version and must decode to the
/// same inputs and, in version 3, the same trace context.
/// </summary>
internal static class BatchTarget
{
    private static readonly InputDecoder<int[]> s_integers = InputDecoder.Create<int[]>(InputType.Integers);
    private static readonly InputDecoder<float[]> s_floats = InputDecoder.Create<float[]>(InputType.Floats);
    private static readonly InputDecoder<double[]> s_doubles = InputDecoder.Create<double[]>(InputType.Doubles);
    private static readonly InputDecoder<byte[]> s_bytes = InputDecoder.Create<byte[]>(InputType.Bytes);
    private static readonly InputDecoder<string> s_strings = InputDecoder.Create<string>(InputType.Strings);

    public static void Run(byte[] input)
    {
        var body = FuzzInput.From(input).Sequence;
        for (int version = ProtocolConstants.MinimumVersion; version <= ProtocolConstants.Version; version++)
        {
            DecodeAndRoundTrip(body, version, s_integers, static values => MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            DecodeAndRoundTrip(body, version, s_floats, static values => MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            DecodeAndRoundTrip(body, version, s_doubles, static values => MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            DecodeAndRoundTrip(body, version, s_bytes, static value => value);
            DecodeAndRoundTrip(body, version, s_strings, static value => Encoding.UTF8.GetBytes(value));
            ModelRpcBodies.ReadResponse(body, version, out _);
        }
    }

    private static void DecodeAndRoundTrip<T>(in ReadOnlySequence<byte> body, int version, InputDecoder<T> decoder, Func<T, byte[]> wireForm)
    {
        var status = BatchRequestDecoder.Decode(body, version, decoder, out var batch);
        string what = $"BatchRequest v{version} as {decoder.InputType.ToName()}";
        switch (status)
        {
            case BatchDecodeStatus.Decoded:
                Check.That(batch.Error is null, $"{what}: decoded without error");
                Check.Equal(batch.Count, batch.Inputs.Length, $"{what}: one input per announced input");
                break;
            case BatchDecodeStatus.Rejected:
                Check.That(!string.IsNullOrEmpty(batch.Error), $"{what}: a rejection says why");
                Check.That(batch.Count >= 0 && batch.Count <= body.Length, $"{what}: a rejected batch still has a count to answer");
                Check.Equal(0, batch.Inputs.Length, $"{what}: a rejected batch has no inputs");
                return;
            case BatchDecodeStatus.Malformed:
                Check.That(!string.IsNullOrEmpty(batch.Error), $"{what}: a malformed body says why");
                return;
            default:
                throw new FuzzInvariantException($"{what}: unknown status {status}");
        }

        var wire = new ReadOnlyMemory<byte>[batch.Inputs.Length];
        for (int i = 0; i < wire.Length; i++)
        {
            wire[i] = wireForm(batch.Inputs[i]);
        }

        // A trace context that parsed is written back as its traceparent; none is written as nil.
        Span<byte> traceParent = stackalloc byte[ProtocolConstants.TraceParentLength];
        int traceLength = batch.TraceContext == default ? 0 : TraceParent.Format(batch.TraceContext, traceParent);
        var output = new ArrayBufferWriter<byte>();
        BatchRequestWriter.Write(output, batch.BatchId, decoder.InputType, wire, version, traceParent[..traceLength]);
        long expectedLength = BatchRequestWriter.GetFrameLength(batch.BatchId, decoder.InputType, wire)
            + (version >= ProtocolConstants.TracingVersion ? BatchRequestWriter.GetTraceContextLength(traceLength) : 0);
        Check.Equal(expectedLength, (long)output.WrittenCount, $"{what}: the frame length the writer computes");
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        Check.Equal(FrameReadResult.Complete, FrameReader.TryReadFrame(ref buffer, int.MaxValue, out Frame frame), $"{what}: the written batch is a frame");
        Check.Equal(BatchDecodeStatus.Decoded, BatchRequestDecoder.Decode(frame.Body, version, decoder, out var again), $"{what}: the written batch decodes");
        Check.Equal(batch.TraceContext, again.TraceContext, $"{what}: the trace context written and read again");
        Check.Equal(batch.BatchId, again.BatchId, $"{what}: the batch id written and read again");
        Check.Equal(batch.Count, again.Count, $"{what}: the count written and read again");
        for (int i = 0; i < wire.Length; i++)
        {
            Check.That(wire[i].Span.SequenceEqual(wireForm(again.Inputs[i])), $"{what}: input {i} written and read again");
        }
    }
}
