using System.Buffers;
using System.Diagnostics;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;
using Clipper.Testing;
using MessagePack;

namespace Clipper.ModelRpc.Tests.Protocol;

/// <summary>Version 3's batch frames: the trace context after the inputs, the model time after the results.</summary>
public class BatchVersion3Tests
{
    private const string Traced = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static readonly InputDecoder<string> s_strings = InputDecoder.Create<string>(InputType.Strings);

    [Fact]
    public void Request_WrittenInVersion3_DecodesWithItsTraceContextInAnySegmentation()
    {
        byte[] frame = Bodies.Written(o => BatchRequestWriter.Write(o, 9, InputType.Strings, [Encoding.UTF8.GetBytes("x")], 3, Encoding.UTF8.GetBytes(Traced)));
        byte[] body = frame[ProtocolConstants.FrameHeaderBytes..];

        foreach (ReadOnlySequence<byte> sequence in Sequences.AllSplits(body).Append(Sequences.OneBytePerSegment(body)))
        {
            Assert.Equal(BatchDecodeStatus.Decoded, BatchRequestDecoder.Decode(sequence, 3, s_strings, out DecodedBatch<string> batch));
            Assert.Equal(9ul, batch.BatchId);
            Assert.Equal(["x"], batch.Inputs);
            Assert.Equal("0af7651916cd43dd8448eb211c80319c", batch.TraceContext.TraceId.ToHexString());
            Assert.Equal("b7ad6b7169203331", batch.TraceContext.SpanId.ToHexString());
        }
    }

    [Fact]
    public void Request_Version3WithNil_DecodesWithoutTraceContext()
    {
        byte[] frame = Bodies.Written(o => BatchRequestWriter.Write(o, 1, InputType.Strings, [Encoding.UTF8.GetBytes("x")], 3, default));

        Assert.Equal(BatchDecodeStatus.Decoded, BatchRequestDecoder.Decode(new ReadOnlySequence<byte>(frame, 5, frame.Length - 5), 3, s_strings, out DecodedBatch<string> batch));
        Assert.Equal(default(ActivityContext), batch.TraceContext);
        Assert.Equal(frame.Length, BatchRequestWriter.GetFrameLength(1, InputType.Strings, [Encoding.UTF8.GetBytes("x")]) + 1);
    }

    [Theory]
    [InlineData(3, "BatchRequest: expected an array of 4 elements, received an array of 3.")]
    [InlineData(5, "BatchRequest: expected an array of 4 elements, received an array of 5.")]
    public void Request_Version3OfAnotherLength_IsMalformed(int fields, string expected)
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(fields);
            w.Write(1);
            w.Write((int)InputType.Strings);
            w.WriteArrayHeader(0);
            for (int i = 3; i < fields; i++)
            {
                w.WriteNil();
            }
        });

        Assert.Equal(BatchDecodeStatus.Malformed, BatchRequestDecoder.Decode(new ReadOnlySequence<byte>(body), 3, s_strings, out DecodedBatch<string> batch));
        Assert.Equal(expected, batch.Error);
    }

    [Fact]
    public void Response_Version3OfEveryKind_CarriesTheModelTime()
    {
        byte[][] frames =
        [
            Bodies.Written(o => BatchResponseWriter.Write(o, 4, ["a"], 3, 123_456)),
            Bodies.Written(o => BatchResponseWriter.WriteResults(o, 4, [PredictResult.Output("a")], 3, 123_456)),
            Bodies.Written(o => BatchResponseWriter.WriteErrors(o, 4, 1, "a", 3, 123_456)),
        ];

        foreach (byte[] frame in frames)
        {
            Assert.True(BatchResponseReader.TryCreate(new ReadOnlySequence<byte>(frame, 5, frame.Length - 5), 3, out BatchResponseReader reader, out string? error), error);
            Assert.True(reader.TryReadNext(out _, out _, out error), error);
            Assert.False(reader.TryReadNext(out _, out _, out error));
            Assert.Null(error);
            Assert.Equal(123_456ul, reader.ModelTimeMicroseconds);
        }
    }

    [Fact]
    public void Response_ReadInTheOtherVersion_IsMalformed()
    {
        byte[] v3 = Bodies.Written(o => BatchResponseWriter.Write(o, 4, ["a"], 3, 1));
        byte[] v2 = Bodies.Written(o => BatchResponseWriter.Write(o, 4, ["a"]));

        Assert.False(BatchResponseReader.TryCreate(new ReadOnlySequence<byte>(v3, 5, v3.Length - 5), 2, out _, out string? asV2));
        Assert.False(BatchResponseReader.TryCreate(new ReadOnlySequence<byte>(v2, 5, v2.Length - 5), 3, out _, out string? asV3));
        Assert.Equal("BatchResponse: expected an array of 2 elements, received an array of 3.", asV2);
        Assert.Equal("BatchResponse: expected an array of 3 elements, received an array of 2.", asV3);
    }

    [Theory]
    [InlineData("str", "BatchResponse.model_time_us: expected an unsigned integer, received a str.")]
    [InlineData("negative", "BatchResponse.model_time_us: expected")]
    [InlineData("trailing", "BatchResponse: expected exactly one MessagePack value")]
    public void Response_Version3WithABadModelTime_IsMalformed(string kind, string expected)
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3);
            w.Write(4);
            w.WriteArrayHeader(1);
            w.Write("a");
            switch (kind)
            {
                case "str":
                    w.Write("12");
                    break;
                case "negative":
                    w.Write(-5);
                    break;
                default:
                    w.Write(12);
                    w.WriteNil();
                    break;
            }
        });

        Assert.True(BatchResponseReader.TryCreate(new ReadOnlySequence<byte>(body), 3, out BatchResponseReader reader, out string? error), error);
        Assert.False(reader.TryReadNext(out _, out _, out error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}
