using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;
using MessagePack;

namespace Clipper.ModelRpc.Tests.Protocol;

public class BatchRequestTests
{
    [Fact]
    public void Integers_RoundTrip()
    {
        int[][] inputs = [[1, -2, int.MaxValue, int.MinValue], [], [42]];

        int[][] decoded = RoundTrip(7, InputType.Integers, inputs.Select(PackInts).ToArray(), InputDecoder.Create<int[]>(InputType.Integers));

        Assert.Equal(inputs, decoded);
    }

    [Fact]
    public void Floats_RoundTrip()
    {
        float[][] inputs = [[1.5f, -0f, float.NaN, float.MaxValue], [3.25f]];

        float[][] decoded = RoundTrip(8, InputType.Floats, inputs.Select(PackFloats).ToArray(), InputDecoder.Create<float[]>(InputType.Floats));

        Assert.Equal(inputs, decoded);
    }

    [Fact]
    public void Doubles_RoundTrip()
    {
        double[][] inputs = [[Math.PI, -1e300, double.Epsilon], [0.1, 0.2, 0.3]];

        double[][] decoded = RoundTrip(ulong.MaxValue, InputType.Doubles, inputs.Select(PackDoubles).ToArray(), InputDecoder.Create<double[]>(InputType.Doubles));

        Assert.Equal(inputs, decoded);
    }

    [Fact]
    public void Bytes_RoundTrip()
    {
        byte[][] inputs = [[0, 1, 2, 255], [], new byte[70_000]];

        byte[][] decoded = RoundTrip(0, InputType.Bytes, inputs, InputDecoder.Create<byte[]>(InputType.Bytes));

        Assert.Equal(inputs, decoded);
    }

    [Fact]
    public void Strings_RoundTrip()
    {
        string[] inputs = ["hello", "", "héllo wörld 😀", new string('s', 300)];

        string[] decoded = RoundTrip(9, InputType.Strings, inputs.Select(Encoding.UTF8.GetBytes).ToArray(), InputDecoder.Create<string>(InputType.Strings));

        Assert.Equal(inputs, decoded);
    }

    [Fact]
    public void EmptyBatch_RoundTrips()
    {
        int[][] decoded = RoundTrip(3, InputType.Integers, [], InputDecoder.Create<int[]>(InputType.Integers));

        Assert.Empty(decoded);
    }

    [Fact]
    public void Decode_SplitAtEveryByteBoundary_DecodesTheSameBatch()
    {
        byte[] frameBytes = WriteFrame(5, InputType.Integers, [PackInts([1, 2, 3]), PackInts([4])]);
        InputDecoder<int[]> decoder = InputDecoder.Create<int[]>(InputType.Integers);

        foreach (ReadOnlySequence<byte> split in Sequences.AllSplits(frameBytes))
        {
            Frame frame = FrameAssert.Single(split, MessageType.BatchRequest);
            Assert.Equal(BatchDecodeStatus.Decoded, BatchRequestDecoder.Decode(frame.Body, decoder, out DecodedBatch<int[]> batch));
            Assert.Equal(5ul, batch.BatchId);
            Assert.Equal([[1, 2, 3], [4]], batch.Inputs);
        }
    }

    [Theory]
    [InlineData(InputType.Integers, 7, "multiple of 4 (integers: int32), received 7 bytes")]
    [InlineData(InputType.Floats, 6, "multiple of 4 (floats: float32), received 6 bytes")]
    [InlineData(InputType.Doubles, 12, "multiple of 8 (doubles: float64), received 12 bytes")]
    public void Decode_BinLengthNotAMultipleOfElementSize_RejectsTheBatch(InputType inputType, int length, string expected)
    {
        byte[] body = RequestBody(11, (int)inputType, (ref MessagePackWriter w) =>
        {
            w.Write(new byte[8]);
            w.Write(new byte[length]);
        });

        BatchDecodeStatus status = Decode(body, inputType, out ulong batchId, out int count, out string? error);

        Assert.Equal(BatchDecodeStatus.Rejected, status);
        Assert.Equal(11ul, batchId);
        Assert.Equal(2, count);
        Assert.StartsWith("BatchRequest input 1 of 2: input: expected a bin whose length is a ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_InputTypeCodeOfAnotherType_RejectsTheBatch()
    {
        byte[] body = RequestBody(4, (int)InputType.Floats, (ref MessagePackWriter w) => w.Write(new byte[4]));

        BatchDecodeStatus status = Decode(body, InputType.Integers, out _, out int count, out string? error);

        Assert.Equal(BatchDecodeStatus.Rejected, status);
        Assert.Equal(1, count);
        Assert.Equal(
            "BatchRequest.input_type_code: expected 1 (integers), the type this container serves, received 2 (floats).",
            error);
    }

    [Theory]
    [InlineData(InputType.Strings, "BatchRequest input 0 of 1: input: expected a str, received a bin.")]
    [InlineData(InputType.Bytes, "BatchRequest input 0 of 1: input: expected a bin, received a str.")]
    public void Decode_InputOfWrongMessagePackType_RejectsTheBatch(InputType inputType, string expected)
    {
        byte[] body = RequestBody(4, (int)inputType, (ref MessagePackWriter w) =>
        {
            if (inputType == InputType.Strings)
            {
                w.Write(new byte[2]);
            }
            else
            {
                w.Write("text");
            }
        });

        Assert.Equal(BatchDecodeStatus.Rejected, Decode(body, inputType, out _, out _, out string? error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Decode_NegativeBatchId_IsMalformed()
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3);
            w.Write(-1);
            w.Write(1);
            w.WriteArrayHeader(0);
        });

        Assert.Equal(BatchDecodeStatus.Malformed, Decode(body, InputType.Integers, out _, out _, out string? error));
        Assert.Equal("BatchRequest.batch_id: expected an unsigned integer, received -1.", error);
    }

    [Fact]
    public void Decode_TrailingBytes_IsMalformed()
    {
        byte[] body = [.. RequestBody(1, 1, (ref MessagePackWriter w) => w.Write(new byte[4])), 0xC0];

        Assert.Equal(BatchDecodeStatus.Malformed, Decode(body, InputType.Integers, out _, out _, out string? error));
        Assert.Equal("BatchRequest: expected exactly one MessagePack value, received 1 more bytes after it.", error);
    }

    [Theory]
    [MemberData(nameof(Bodies.Garbage), MemberType = typeof(Bodies))]
    public void Decode_Garbage_IsMalformedNeverThrows(byte[] garbage)
    {
        foreach (InputType inputType in Enum.GetValues<InputType>())
        {
            Assert.Equal(BatchDecodeStatus.Malformed, Decode(garbage, inputType, out _, out _, out string? error));
            Assert.StartsWith("BatchRequest", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrow()
    {
        foreach (byte[] body in Bodies.Random(3000, seed: 99))
        {
            foreach (InputType inputType in Enum.GetValues<InputType>())
            {
                Decode(body, inputType, out _, out _, out _);
            }
        }
    }

    [Fact]
    public void Write_NumericInputNotAMultipleOfElementSize_Throws()
    {
        var output = new ArrayBufferWriter<byte>();
        ReadOnlyMemory<byte>[] inputs = [new byte[8], new byte[6]];

        var ex = Assert.Throws<ArgumentException>(() => BatchRequestWriter.Write(output, 1, InputType.Doubles, inputs));

        Assert.Contains("Input 1 holds 6 bytes; doubles inputs must be a multiple of 8 bytes.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetFrameLength_EqualsBytesWritten()
    {
        ReadOnlyMemory<byte>[] inputs = [new byte[40], new byte[300], new byte[70_000], ReadOnlyMemory<byte>.Empty];
        foreach (InputType inputType in new[] { InputType.Integers, InputType.Strings })
        {
            var output = new ArrayBufferWriter<byte>();
            BatchRequestWriter.Write(output, 1UL << 40, inputType, inputs);

            Assert.Equal(output.WrittenCount, BatchRequestWriter.GetFrameLength(1UL << 40, inputType, inputs));
        }
    }

    [Fact]
    public void Write_InSteadyState_AllocatesNothing()
    {
        var output = new ArrayBufferWriter<byte>(1 << 16);
        ReadOnlyMemory<byte>[] inputs = [new byte[16], new byte[400], new byte[8]];
        BatchRequestWriter.Write(output, 1, InputType.Doubles, inputs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (ulong id = 0; id < 100; id++)
        {
            output.ResetWrittenCount();
            BatchRequestWriter.Write(output, id, InputType.Doubles, inputs);
            BatchRequestWriter.Write(output, id, InputType.Strings, inputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void InputDecoderCreate_TypeMismatch_NamesBothTypes()
    {
        var ex = Assert.Throws<ArgumentException>(() => InputDecoder.Create<string>(InputType.Integers));

        Assert.Contains("Input type 'integers' delivers Int32[] inputs, but the predict function takes String", ex.Message, StringComparison.Ordinal);
    }

    internal static byte[] PackInts(int[] values) => Pack(values, sizeof(int), (s, v) => BinaryPrimitives.WriteInt32LittleEndian(s, v));

    internal static byte[] PackFloats(float[] values) => Pack(values, sizeof(float), (s, v) => BinaryPrimitives.WriteSingleLittleEndian(s, v));

    internal static byte[] PackDoubles(double[] values) => Pack(values, sizeof(double), (s, v) => BinaryPrimitives.WriteDoubleLittleEndian(s, v));

    private static byte[] Pack<T>(T[] values, int size, SpanAction<byte, T> write)
    {
        byte[] bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            write(bytes.AsSpan(i * size, size), values[i]);
        }

        return bytes;
    }

    private static T[] RoundTrip<T>(ulong batchId, InputType inputType, byte[][] wireInputs, InputDecoder<T> decoder)
    {
        Frame frame = FrameAssert.Single(WriteFrame(batchId, inputType, wireInputs), MessageType.BatchRequest);

        Assert.Equal(BatchDecodeStatus.Decoded, BatchRequestDecoder.Decode(frame.Body, decoder, out DecodedBatch<T> batch));
        Assert.Null(batch.Error);
        Assert.Equal(batchId, batch.BatchId);
        Assert.Equal(wireInputs.Length, batch.Count);
        return batch.Inputs;
    }

    private static byte[] WriteFrame(ulong batchId, InputType inputType, byte[][] wireInputs)
    {
        ReadOnlyMemory<byte>[] inputs = wireInputs.Select(b => (ReadOnlyMemory<byte>)b).ToArray();
        return Bodies.Written(o => BatchRequestWriter.Write(o, batchId, inputType, inputs));
    }

    private static byte[] RequestBody(ulong batchId, int typeCode, Bodies.BodyWriter writeInputs)
    {
        byte[] inputs = Bodies.Build(writeInputs);
        int count = CountValues(inputs);
        return Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3);
            w.Write(batchId);
            w.Write(typeCode);
            w.WriteArrayHeader(count);
            w.WriteRaw(inputs);
        });
    }

    private static int CountValues(byte[] values)
    {
        var reader = new MessagePackReader(values);
        int count = 0;
        while (!reader.End)
        {
            reader.Skip();
            count++;
        }

        return count;
    }

    private static BatchDecodeStatus Decode(byte[] body, InputType inputType, out ulong batchId, out int count, out string? error)
    {
        var sequence = new ReadOnlySequence<byte>(body);
        BatchDecodeStatus status = inputType switch
        {
            InputType.Integers => Run(sequence, InputDecoder.Create<int[]>(inputType), out batchId, out count, out error),
            InputType.Floats => Run(sequence, InputDecoder.Create<float[]>(inputType), out batchId, out count, out error),
            InputType.Doubles => Run(sequence, InputDecoder.Create<double[]>(inputType), out batchId, out count, out error),
            InputType.Bytes => Run(sequence, InputDecoder.Create<byte[]>(inputType), out batchId, out count, out error),
            _ => Run(sequence, InputDecoder.Create<string>(inputType), out batchId, out count, out error),
        };
        return status;

        static BatchDecodeStatus Run<T>(ReadOnlySequence<byte> body, InputDecoder<T> decoder, out ulong batchId, out int count, out string? error)
        {
            BatchDecodeStatus status = BatchRequestDecoder.Decode(body, decoder, out DecodedBatch<T> batch);
            batchId = batch.BatchId;
            count = batch.Count;
            error = batch.Error;
            return status;
        }
    }
}
