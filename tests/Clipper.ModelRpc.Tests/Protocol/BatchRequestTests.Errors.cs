using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;
using MessagePack;

namespace Clipper.ModelRpc.Tests.Protocol;

public partial class BatchRequestTests
{
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
