using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Clipper.Benchmarks.Payloads;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Benchmarks.Frames;

/// <summary>
/// BatchResponse frames, container to frontend: one output per input written with
/// <see cref="BatchResponseWriter"/> into a pipe, flushed, read back, split by
/// <see cref="FrameReader"/> and walked with <see cref="BatchResponseReader"/>, against the same
/// number of bytes copied through the same pipe. Should allocate nothing.
/// </summary>
/// <remarks>
/// Outputs are strings, so the writer transcodes UTF-16 to UTF-8 while the baseline only copies;
/// the reader hands out slices, as the frontend's read loop gets them before copying each output
/// into its query.
/// </remarks>
public class ResponseFrameBenchmarks
{
    private const ulong BatchId = 70_000;

    private readonly InlinePipe _pipe = new();
    private string[] _outputs = [];
    private byte[] _frame = [];
    private long _outputBytes;

    /// <summary>Outputs in the batch: one per input of the request.</summary>
    [Params(1, 16, 256)]
    public int Inputs { get; set; }

    /// <summary>What each input was; each output is that value as text.</summary>
    [Params(Payload.Doubles4, Payload.Doubles1024, Payload.ShortString, Payload.String4K)]
    public Payload Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _outputs = new string[Inputs];
        _outputBytes = 0;
        for (int i = 0; i < Inputs; i++)
        {
            _outputs[i] = PayloadData.Output(Payload, seed: i);
            _outputBytes += Encoding.UTF8.GetByteCount(_outputs[i]);
        }

        var frame = new ArrayBufferWriter<byte>();
        BatchResponseWriter.Write(frame, BatchId, _outputs);
        _frame = frame.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true)]
    public long RawPipeCopy() => _pipe.CopyThrough(_frame);

    [Benchmark]
    public long WriteAndRead()
    {
        BatchResponseWriter.Write(_pipe.Writer, BatchId, _outputs);
        _pipe.Flush();
        ReadOnlySequence<byte> buffer = _pipe.Read();
        FrameReadResult result = FrameReader.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out Frame frame);
        if (result != FrameReadResult.Complete || frame.Type != MessageType.BatchResponse || !buffer.IsEmpty)
        {
            throw new InvalidOperationException($"Expected exactly one BatchResponse frame; read {result} {frame.Type} ({frame.Error}) with {buffer.Length} bytes left.");
        }

        long outputBytes = ReadOutputs(frame.Body);
        _pipe.AdvanceTo(buffer.Start);
        return outputBytes;
    }

    private long ReadOutputs(ReadOnlySequence<byte> body)
    {
        if (!BatchResponseReader.TryCreate(body, out BatchResponseReader reader, out string? error)
            || reader.BatchId != BatchId || reader.Count != Inputs)
        {
            throw new InvalidOperationException($"Read a response for batch {reader.BatchId} of {reader.Count} results ({error}); expected batch {BatchId} of {Inputs}.");
        }

        int read = 0;
        long outputBytes = 0;
        while (reader.TryReadNext(out bool isError, out ReadOnlySequence<byte> utf8, out error))
        {
            if (isError)
            {
                throw new InvalidOperationException($"Result {read} is an error; every result should be an output.");
            }

            outputBytes += utf8.Length;
            read++;
        }

        if (error is not null || read != Inputs || outputBytes != _outputBytes)
        {
            throw new InvalidOperationException($"Read {read} outputs of {outputBytes} bytes ({error}); expected {Inputs} of {_outputBytes} bytes.");
        }

        return outputBytes;
    }
}
