using System.Buffers;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;

namespace Clipper.ModelRpc.Tests.Protocol;

public partial class BatchRequestTests
{
    [Fact]
    public void Decode_WrittenIntegers_RoundTrip()
    {
        int[][] inputs = [[1, -2, int.MaxValue, int.MinValue], [], [42]];

        int[][] decoded = RoundTrip(7, InputType.Integers, inputs.Select(WireInputs.PackInts).ToArray(), InputDecoder.Create<int[]>(InputType.Integers));

        Assert.Equal(inputs, decoded);
    }

    [Fact]
    public void Decode_WrittenFloats_RoundTrip()
    {
        float[][] inputs = [[1.5f, -0f, float.NaN, float.MaxValue], [3.25f]];

        float[][] decoded = RoundTrip(8, InputType.Floats, inputs.Select(WireInputs.PackFloats).ToArray(), InputDecoder.Create<float[]>(InputType.Floats));

        Assert.Equal(inputs, decoded);
    }

    [Fact]
    public void Decode_WrittenDoubles_RoundTrip()
    {
        double[][] inputs = [[Math.PI, -1e300, double.Epsilon], [0.1, 0.2, 0.3]];

        double[][] decoded = RoundTrip(ulong.MaxValue, InputType.Doubles, inputs.Select(WireInputs.PackDoubles).ToArray(), InputDecoder.Create<double[]>(InputType.Doubles));

        Assert.Equal(inputs, decoded);
    }

    [Fact]
    public void Decode_WrittenBytes_RoundTrip()
    {
        byte[][] inputs = [[0, 1, 2, 255], [], new byte[70_000]];

        byte[][] decoded = RoundTrip(0, InputType.Bytes, inputs, InputDecoder.Create<byte[]>(InputType.Bytes));

        Assert.Equal(inputs, decoded);
    }

    [Fact]
    public void Decode_WrittenStrings_RoundTrip()
    {
        string[] inputs = ["hello", "", "héllo wörld 😀", new string('s', 300)];

        string[] decoded = RoundTrip(9, InputType.Strings, inputs.Select(Encoding.UTF8.GetBytes).ToArray(), InputDecoder.Create<string>(InputType.Strings));

        Assert.Equal(inputs, decoded);
    }

    [Fact]
    public void Decode_WrittenEmptyBatch_RoundTrips()
    {
        int[][] decoded = RoundTrip(3, InputType.Integers, [], InputDecoder.Create<int[]>(InputType.Integers));

        Assert.Empty(decoded);
    }

    [Fact]
    public void Decode_SplitAtEveryByteBoundary_DecodesTheSameBatch()
    {
        byte[] frameBytes = WriteFrame(5, InputType.Integers, [WireInputs.PackInts([1, 2, 3]), WireInputs.PackInts([4])]);
        var decoder = InputDecoder.Create<int[]>(InputType.Integers);

        foreach (ReadOnlySequence<byte> split in Sequences.AllSplits(frameBytes))
        {
            Frame frame = FrameAssert.Single(split, MessageType.BatchRequest);
            Assert.Equal(BatchDecodeStatus.Decoded, BatchRequestDecoder.Decode(frame.Body, decoder, out DecodedBatch<int[]> batch));
            Assert.Equal(5ul, batch.BatchId);
            Assert.Equal([[1, 2, 3], [4]], batch.Inputs);
        }
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
}
