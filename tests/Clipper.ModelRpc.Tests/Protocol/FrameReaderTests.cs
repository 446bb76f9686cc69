using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;

namespace Clipper.ModelRpc.Tests.Protocol;

public class FrameReaderTests
{
    private const int Max = 1024;

    private static readonly byte[] s_goodbyeFrame = Bodies.Written(o => MessageCodec.WriteGoodbye(o, new GoodbyeMessage("bye now")));

    [Fact]
    public void TryReadFrame_WholeFrame_ReturnsBodyAndAdvancesPastIt()
    {
        var buffer = new ReadOnlySequence<byte>(s_goodbyeFrame);

        FrameReadResult result = FrameReader.TryReadFrame(ref buffer, Max, out Frame frame);

        Assert.Equal(FrameReadResult.Complete, result);
        Assert.Equal(MessageType.Goodbye, frame.Type);
        Assert.Null(frame.Error);
        Assert.Equal(s_goodbyeFrame.AsSpan(5).ToArray(), frame.Body.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void TryReadFrame_TwoFramesInOneBuffer_ReadsBothInOrder()
    {
        byte[] heartbeat = Bodies.Written(MessageCodec.WriteHeartbeat);
        var buffer = new ReadOnlySequence<byte>([.. s_goodbyeFrame, .. heartbeat]);

        Assert.Equal(FrameReadResult.Complete, FrameReader.TryReadFrame(ref buffer, Max, out Frame first));
        Assert.Equal(FrameReadResult.Complete, FrameReader.TryReadFrame(ref buffer, Max, out Frame second));
        Assert.Equal(FrameReadResult.Incomplete, FrameReader.TryReadFrame(ref buffer, Max, out _));

        Assert.Equal(MessageType.Goodbye, first.Type);
        Assert.Equal(MessageType.Heartbeat, second.Type);
        Assert.Equal([0xC0], second.Body.ToArray());
    }

    [Fact]
    public void TryReadFrame_SplitAtEveryByteBoundary_ReadsTheSameFrame()
    {
        byte[] twoFrames = [.. s_goodbyeFrame, .. s_goodbyeFrame];
        foreach (ReadOnlySequence<byte> split in Sequences.AllSplits(twoFrames))
        {
            ReadOnlySequence<byte> buffer = split;
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(FrameReadResult.Complete, FrameReader.TryReadFrame(ref buffer, Max, out Frame frame));
                Assert.Equal(MessageType.Goodbye, frame.Type);
                Assert.True(MessageCodec.TryReadGoodbye(frame.Body, out GoodbyeMessage? goodbye, out string? error), error);
                Assert.Equal("bye now", goodbye.Reason);
            }

            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void TryReadFrame_EveryProperPrefix_IsIncompleteAndLeavesBufferUnchanged()
    {
        for (int length = 0; length < s_goodbyeFrame.Length; length++)
        {
            foreach (ReadOnlySequence<byte> split in Sequences.AllSplits(s_goodbyeFrame[..length]))
            {
                ReadOnlySequence<byte> buffer = split;

                FrameReadResult result = FrameReader.TryReadFrame(ref buffer, Max, out Frame frame);

                Assert.Equal(FrameReadResult.Incomplete, result);
                Assert.Equal(split.Start, buffer.Start);
                Assert.Equal(split.Length, buffer.Length);
                Assert.Null(frame.Error);
            }
        }
    }

    [Fact]
    public void TryReadFrame_LengthZero_IsInvalidAndSaysSo()
    {
        var buffer = new ReadOnlySequence<byte>([0, 0, 0, 0, 5]);

        Assert.Equal(FrameReadResult.Invalid, FrameReader.TryReadFrame(ref buffer, Max, out Frame frame));

        Assert.Contains("length 0", frame.Error, StringComparison.Ordinal);
        Assert.Contains("at least 1", frame.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 4, 1 }, "1025")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, "4294967295")]
    public void TryReadFrame_LengthAboveMax_IsInvalidBeforeTheBodyArrivesAndNamesTheOption(byte[] prefix, string received)
    {
        var buffer = new ReadOnlySequence<byte>(prefix);

        Assert.Equal(FrameReadResult.Invalid, FrameReader.TryReadFrame(ref buffer, Max, out Frame frame));

        Assert.Contains(received, frame.Error, StringComparison.Ordinal);
        Assert.Contains("at most 1024", frame.Error, StringComparison.Ordinal);
        Assert.Contains("MaxFrameBytes", frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadFrame_LengthEqualToMax_IsComplete()
    {
        byte[] frameBytes = Bodies.Frame((byte)MessageType.Heartbeat, new byte[Max - 1]);
        var buffer = new ReadOnlySequence<byte>(frameBytes);

        Assert.Equal(FrameReadResult.Complete, FrameReader.TryReadFrame(ref buffer, Max, out Frame frame));
        Assert.Equal(Max - 1, frame.Body.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(255)]
    public void TryReadFrame_UnknownType_IsInvalidAndNamesTheType(byte type)
    {
        var buffer = new ReadOnlySequence<byte>(Bodies.Frame(type, [0xC0]));

        Assert.Equal(FrameReadResult.Invalid, FrameReader.TryReadFrame(ref buffer, Max, out Frame frame));

        Assert.Contains($"unknown type {type}", frame.Error, StringComparison.Ordinal);
        Assert.Contains("expected 1 (Hello) to 11 (Release)", frame.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadFrame_NonPositiveMax_Throws()
    {
        var buffer = new ReadOnlySequence<byte>(s_goodbyeFrame);

        Assert.Throws<ArgumentOutOfRangeException>(() => FrameReader.TryReadFrame(ref buffer, 0, out _));
    }

    [Fact]
    public void DescribeTruncatedFrame_SaysHowMuchArrived()
    {
        var cutInPrefix = new ReadOnlySequence<byte>(s_goodbyeFrame[..2]);
        var cutInBody = new ReadOnlySequence<byte>(s_goodbyeFrame[..7]);

        Assert.Contains("2 of the 4 length bytes", FrameReader.DescribeTruncatedFrame(cutInPrefix, Max), StringComparison.Ordinal);
        string message = FrameReader.DescribeTruncatedFrame(cutInBody, Max);
        Assert.Contains($"3 of its {s_goodbyeFrame.Length - 4} bytes", message, StringComparison.Ordinal);
        Assert.Contains("MaxFrameBytes is 1024", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadFrame_Success_AllocatesNothing()
    {
        ReadOnlySequence<byte> split = Sequences.OneBytePerSegment([.. s_goodbyeFrame, .. s_goodbyeFrame]);
        ReadAll(split);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            ReadAll(split);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void ReadAll(ReadOnlySequence<byte> buffer)
        {
            while (FrameReader.TryReadFrame(ref buffer, Max, out _) == FrameReadResult.Complete)
            {
            }
        }
    }
}
