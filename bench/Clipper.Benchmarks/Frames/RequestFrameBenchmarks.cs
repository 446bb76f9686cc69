using System.Buffers;
using BenchmarkDotNet.Attributes;
using Clipper.Benchmarks.Payloads;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Benchmarks.Frames;

/// <summary>
/// BatchRequest frames, frontend to container: written into a pipe, flushed, read back, split by
/// <see cref="FrameReader"/> and (in <see cref="WriteReadAndDecode"/>) decoded into typed inputs,
/// against the same number of bytes copied through the same pipe.
/// </summary>
/// <remarks>
/// <see cref="WriteAndReadFrame"/> is everything but the decode and should allocate nothing.
/// <see cref="WriteReadAndDecode"/> adds the container's decode, which allocates by design: one
/// array of inputs per batch and one <c>double[]</c> or <c>string</c> per input.
/// </remarks>
public class RequestFrameBenchmarks
{
    // Fixed so every frame has the same length as the baseline's bytes; large enough to take the
    // uint32 form a long-lived connection's ids have.
    private const ulong BatchId = 70_000;

    private readonly InlinePipe _pipe = new();
    private readonly InputDecoder<double[]> _doubles = InputDecoder.Create<double[]>(InputType.Doubles);
    private readonly InputDecoder<string> _strings = InputDecoder.Create<string>(InputType.Strings);
    private ReadOnlyMemory<byte>[] _inputs = [];
    private byte[] _frame = [];
    private InputType _inputType;
    private int _lastInputLength;

    /// <summary>Inputs in the batch.</summary>
    [Params(1, 16, 256)]
    public int Inputs { get; set; }

    /// <summary>What each input is.</summary>
    [Params(Payload.Doubles4, Payload.Doubles1024, Payload.ShortString, Payload.String4K)]
    public Payload Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _inputType = PayloadData.InputType(Payload);
        _inputs = new ReadOnlyMemory<byte>[Inputs];
        for (int i = 0; i < Inputs; i++)
        {
            _inputs[i] = PayloadData.Wire(Payload, seed: i);
        }

        var frame = new ArrayBufferWriter<byte>();
        BatchRequestWriter.Write(frame, BatchId, _inputType, _inputs);
        _frame = frame.WrittenSpan.ToArray();
        _lastInputLength = _inputType == InputType.Doubles
            ? PayloadData.NumberCount(Payload)
            : _inputs[^1].Length;
    }

    [Benchmark(Baseline = true)]
    public long RawPipeCopy() => _pipe.CopyThrough(_frame);

    [Benchmark]
    public long WriteAndReadFrame()
    {
        BatchRequestWriter.Write(_pipe.Writer, BatchId, _inputType, _inputs);
        _pipe.Flush();
        ReadOnlySequence<byte> buffer = _pipe.Read();
        Frame frame = ReadOneFrame(ref buffer);
        long bodyLength = frame.Body.Length;
        _pipe.AdvanceTo(buffer.Start);
        if (bodyLength != _frame.Length - ProtocolConstants.FrameHeaderBytes)
        {
            throw new InvalidOperationException($"The frame body is {bodyLength} bytes; expected {_frame.Length - ProtocolConstants.FrameHeaderBytes}.");
        }

        return bodyLength;
    }

    [Benchmark]
    public int WriteReadAndDecode()
    {
        BatchRequestWriter.Write(_pipe.Writer, BatchId, _inputType, _inputs);
        _pipe.Flush();
        ReadOnlySequence<byte> buffer = _pipe.Read();
        Frame frame = ReadOneFrame(ref buffer);
        int decoded = _inputType == InputType.Doubles
            ? Decode(frame.Body, _doubles, static input => input.Length)
            : Decode(frame.Body, _strings, static input => input.Length);
        _pipe.AdvanceTo(buffer.Start);
        return decoded;
    }

    private static Frame ReadOneFrame(ref ReadOnlySequence<byte> buffer)
    {
        FrameReadResult result = FrameReader.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out Frame frame);
        if (result != FrameReadResult.Complete || frame.Type != MessageType.BatchRequest || !buffer.IsEmpty)
        {
            throw new InvalidOperationException($"Expected exactly one BatchRequest frame; read {result} {frame.Type} ({frame.Error}) with {buffer.Length} bytes left.");
        }

        return frame;
    }

    private int Decode<TInput>(in ReadOnlySequence<byte> body, InputDecoder<TInput> decoder, Func<TInput, int> lengthOf)
    {
        BatchDecodeStatus status = BatchRequestDecoder.Decode(body, decoder, out DecodedBatch<TInput> batch);
        if (status != BatchDecodeStatus.Decoded || batch.BatchId != BatchId || batch.Count != Inputs
            || lengthOf(batch.Inputs[^1]) != _lastInputLength)
        {
            throw new InvalidOperationException($"Decoded {status} batch {batch.BatchId} of {batch.Count} inputs ({batch.Error}); expected batch {BatchId} of {Inputs}.");
        }

        return batch.Count;
    }
}
