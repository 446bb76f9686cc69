using System.Buffers;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;
using MessagePack;

namespace Clipper.ModelRpc.Tests.Protocol;

public class BatchResponseTests
{
    [Fact]
    public void Read_WrittenOutputs_RoundTrip()
    {
        string[] outputs = ["{\"label\": 1}", "", "plain text ü 😀", new string('a', 31), new string('b', 32), new string('c', 256), new string('d', 70_000)];
        byte[] bytes = Bodies.Written(o => BatchResponseWriter.Write(o, 77, outputs));

        List<(bool IsError, string Text)> results = ReadAll(FrameAssert.Single(bytes, MessageType.BatchResponse).Body, out ulong batchId);

        Assert.Equal(77ul, batchId);
        Assert.Equal(outputs, results.Select(r => r.Text));
        Assert.All(results, r => Assert.False(r.IsError));
    }

    [Fact]
    public void Read_WrittenErrors_GivesTheErrorForEveryInput()
    {
        byte[] bytes = Bodies.Written(o => BatchResponseWriter.WriteErrors(o, 3, 4, "predict function threw InvalidOperationException: boom"));

        List<(bool IsError, string Text)> results = ReadAll(FrameAssert.Single(bytes, MessageType.BatchResponse).Body, out _);

        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.Equal((true, "predict function threw InvalidOperationException: boom"), r));
    }

    [Fact]
    public void Read_WrittenResults_GivesOutputsAndErrorsInOrder()
    {
        PredictResult[] written = [PredictResult.Output("[1,2]"), PredictResult.Error("the input has 3 values; expected 4"), PredictResult.Output(""), PredictResult.Error(new string('e', 300))];
        byte[] bytes = Bodies.Written(o => BatchResponseWriter.WriteResults(o, 12, written));

        List<(bool IsError, string Text)> results = ReadAll(FrameAssert.Single(bytes, MessageType.BatchResponse).Body, out ulong batchId);

        Assert.Equal(12ul, batchId);
        Assert.Equal(written.Select(r => (r.IsError, r.Text)), results);
        Assert.Equal(bytes.Length, BatchResponseWriter.GetResultsFrameLength(12, written));
    }

    [Fact]
    public void WriteResults_NullText_ThrowsNamingTheIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => Bodies.Written(o => BatchResponseWriter.WriteResults(o, 1, [PredictResult.Output("a"), default])));

        Assert.StartsWith("Result 1 of 2 has a null text; expected an output or an error message.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrittenEmptyResponse_RoundTrips()
    {
        byte[] bytes = Bodies.Written(o => BatchResponseWriter.Write(o, 1, []));

        Assert.Empty(ReadAll(FrameAssert.Single(bytes, MessageType.BatchResponse).Body, out _));
    }

    [Fact]
    public void Read_MixedOutputsAndErrors_ReadsThemInOrder()
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write(5);
            w.WriteArrayHeader(3);
            w.Write("ok");
            w.WriteArrayHeader(1);
            w.Write("bad input");
            w.Write("[1, 2]");
        });

        List<(bool IsError, string Text)> results = ReadAll(new ReadOnlySequence<byte>(body), out _);

        Assert.Equal([(false, "ok"), (true, "bad input"), (false, "[1, 2]")], results);
    }

    [Fact]
    public void Read_SplitAtEveryByteBoundary_ReadsTheSameResults()
    {
        byte[] bytes = Bodies.Written(o => BatchResponseWriter.Write(o, 300, ["alpha", "béta", new string('g', 40)]));

        foreach (ReadOnlySequence<byte> split in Sequences.AllSplits(bytes))
        {
            List<(bool IsError, string Text)> results = ReadAll(FrameAssert.Single(split, MessageType.BatchResponse).Body, out ulong batchId);
            Assert.Equal(300ul, batchId);
            Assert.Equal(["alpha", "béta", new string('g', 40)], results.Select(r => r.Text));
        }
    }

    [Fact]
    public void GetFrameLength_EqualsBytesWritten()
    {
        string[] outputs = ["x", new string('é', 200), new string('z', 70_000)];
        string message = new('m', 300);

        Assert.Equal(Bodies.Written(o => BatchResponseWriter.Write(o, 1, outputs)).Length, BatchResponseWriter.GetFrameLength(1, outputs));
        Assert.Equal(Bodies.Written(o => BatchResponseWriter.WriteErrors(o, 1, 20, message)).Length, BatchResponseWriter.GetErrorsFrameLength(1, 20, message));
    }

    [Fact]
    public void Write_NullOutput_ThrowsNamingTheIndex()
    {
        var output = new ArrayBufferWriter<byte>();

        var ex = Assert.Throws<ArgumentException>(() => BatchResponseWriter.Write(output, 1, ["a", null!]));

        Assert.Contains("Output 1 of 2 is null", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [MemberData(nameof(Bodies.Garbage), MemberType = typeof(Bodies))]
    public void Read_Garbage_ReturnsErrorNeverThrows(byte[] garbage)
    {
        string? error = ReadUntilFailure(garbage);

        Assert.NotNull(error);
        Assert.StartsWith("BatchResponse", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RandomBytes_NeverThrow()
    {
        foreach (byte[] body in Bodies.Random(3000, seed: 7))
        {
            ReadUntilFailure(body);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x92, 0x01, 0x91, 0x05 }, "BatchResponse result 0 of 1: expected a str or [str], received an integer.")]
    [InlineData(new byte[] { 0x92, 0x01, 0x91, 0x92, 0xA1, 0x61, 0xA1, 0x62 }, "BatchResponse result 0 of 1: expected an array of 1 elements, received an array of 2.")]
    [InlineData(new byte[] { 0x92, 0x01, 0x91, 0x91, 0xC0 }, "BatchResponse result 0 of 1: expected a str in the error array, received nil.")]
    [InlineData(new byte[] { 0x92, 0x01, 0x91, 0xA1, 0x61, 0xC0 }, "BatchResponse: expected exactly one MessagePack value, received 1 more bytes after it.")]
    [InlineData(new byte[] { 0x92, 0xFF, 0x90 }, "BatchResponse.batch_id: expected an unsigned integer, received -1.")]
    public void Read_WrongShape_SaysWhatWasReceived(byte[] body, string expected) => Assert.Equal(expected, ReadUntilFailure(body));

    [Fact]
    public void Read_InSteadyState_AllocatesNothing()
    {
        byte[] bytes = Bodies.Written(o => BatchResponseWriter.Write(o, 9, ["one", "two", new string('t', 500)]));
        ReadOnlySequence<byte> body = Sequences.Split(bytes.AsSpan(5), 3, 10, 40);
        ReadCount(body);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 100; i++)
        {
            total += ReadCount(body);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(300, total);

        static int ReadCount(ReadOnlySequence<byte> body)
        {
            int read = 0;
            if (BatchResponseReader.TryCreate(body, out BatchResponseReader reader, out _))
            {
                while (reader.TryReadNext(out _, out ReadOnlySequence<byte> utf8, out _))
                {
                    read += utf8.IsEmpty ? 0 : 1;
                }
            }

            return read;
        }
    }

    private static List<(bool IsError, string Text)> ReadAll(ReadOnlySequence<byte> body, out ulong batchId)
    {
        Assert.True(BatchResponseReader.TryCreate(body, out BatchResponseReader reader, out string? error), error);
        batchId = reader.BatchId;
        var results = new List<(bool, string)>(reader.Count);
        while (reader.TryReadNext(out bool isError, out ReadOnlySequence<byte> utf8, out error))
        {
            results.Add((isError, Encoding.UTF8.GetString(utf8)));
        }

        Assert.Null(error);
        Assert.Equal(reader.Count, results.Count);
        return results;
    }

    private static string? ReadUntilFailure(byte[] body)
    {
        if (!BatchResponseReader.TryCreate(new ReadOnlySequence<byte>(body), out BatchResponseReader reader, out string? error))
        {
            return error;
        }

        while (reader.TryReadNext(out _, out _, out error))
        {
        }

        return error;
    }
}
