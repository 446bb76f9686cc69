using System.Buffers;
using System.Buffers.Binary;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.ClipperRpc;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.QueryFrontend.Tests.ClipperRpc;

public sealed class ClipperMessageWriterTests
{
    private static List<(bool More, byte[] Body)> Frames(ArrayBufferWriter<byte> writer)
    {
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        var frames = new List<(bool, byte[])>();
        while (ZmtpFrameReader.TryReadFrame(ref buffer, 1 << 20, "MaxFrameBytes", out var frame, out _) == ZmtpReadStatus.Complete)
        {
            Assert.False(frame.IsCommand);
            frames.Add((frame.More, frame.Body.ToArray()));
        }

        Assert.Equal(0, buffer.Length);
        return frames;
    }

    private static uint U32(byte[] body) => BinaryPrimitives.ReadUInt32LittleEndian(body);

    private static ulong U64(byte[] body, int index = 0) => BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(index * 8));

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    public void WriteHeartbeat_Kind_IsVersionTypeAndKindAfterTheDelimiter(uint kind)
    {
        var writer = new ArrayBufferWriter<byte>();

        ClipperMessageWriter.WriteHeartbeat(writer, kind);
        var frames = Frames(writer);

        Assert.Equal([true, true, true, false], frames.Select(f => f.More));
        Assert.Empty(frames[0].Body);
        Assert.Equal([3u, 2u, kind], frames.Skip(1).Select(f => U32(f.Body)));
    }

    [Theory]
    [InlineData(InputType.Bytes, 0ul)]
    [InlineData(InputType.Integers, 1ul)]
    [InlineData(InputType.Floats, 2ul)]
    [InlineData(InputType.Doubles, 3ul)]
    [InlineData(InputType.Strings, 4ul)]
    public void WriteBatch_EveryInputType_WritesClippersLayoutWithItsCode(InputType inputType, ulong code)
    {
        ReadOnlyMemory<byte>[] inputs = [new byte[8], new byte[300], new byte[16]];
        var writer = new ArrayBufferWriter<byte>();

        ClipperMessageWriter.WriteBatch(writer, 42, inputType, inputs);
        var frames = Frames(writer);

        Assert.Equal(10, frames.Count);
        Assert.Empty(frames[0].Body);
        Assert.Equal([3u, 1u, 42u, 0u], frames.Skip(1).Take(4).Select(f => U32(f.Body)));
        Assert.Equal((ulong)frames[6].Body.Length, U64(frames[5].Body));
        Assert.Equal([code, 3ul, 8ul, 300ul, 16ul], Enumerable.Range(0, 5).Select(i => U64(frames[6].Body, i)));
        Assert.Equal([8, 300, 16], frames.Skip(7).Select(f => f.Body.Length));
        Assert.All(frames.Take(9), f => Assert.True(f.More));
        Assert.False(frames[^1].More);
        Assert.Equal(writer.WrittenCount, ClipperMessageWriter.GetBatchOverhead(3) + inputs.Sum(i => ClipperMessageWriter.GetInputBytes(i.Length)));
    }

    [Fact]
    public void TryParse_EveryClipperCode_MapsToOurTypeAndBack()
    {
        foreach (var code in new[] { "0", "1", "2", "3", "4" })
        {
            Assert.True(ClipperInputTypes.TryParse(code, out var inputType, out _));
            Assert.Equal(ulong.Parse(code, System.Globalization.CultureInfo.InvariantCulture), ClipperInputTypes.ToCode(inputType));
        }
    }

    [Theory]
    [InlineData("5")]
    [InlineData("doubles")]
    [InlineData("")]
    public void TryParse_UnknownCode_NamesTheCodesExpected(string text)
    {
        Assert.False(ClipperInputTypes.TryParse(text, out _, out var error));
        Assert.Equal($"the container's input type is '{text}'; expected the decimal code 0 (bytes), 1 (ints), 2 (floats), 3 (doubles) or 4 (strings)", error);
    }
}
