using System.Buffers;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.QueryFrontend.Tests.Zmtp;

public sealed class ZmtpFrameReaderTests
{
    private const int Max = 1 << 20;

    [Fact]
    public void TryReadFrame_ShortAndLongFramesAtEverySplit_ReadsEachWithItsFlags()
    {
        var big = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        byte[] bytes = [.. ZmtpBytes.Frame([], more: true), .. ZmtpBytes.Frame(big, more: true), .. ZmtpBytes.Frame([7], forceLong: true), .. ZmtpBytes.Frame([1, 2], command: true)];
        foreach (var sequence in Sequences.AllSplits(bytes))
        {
            var buffer = sequence;
            var frames = new List<(ZmtpFrameFlags Flags, byte[] Body)>();
            while (ZmtpFrameReader.TryReadFrame(ref buffer, Max, "MaxFrameBytes", out var frame, out var error) == ZmtpReadStatus.Complete)
            {
                Assert.Null(error);
                frames.Add((frame.Flags, frame.Body.ToArray()));
            }

            Assert.Equal(0, buffer.Length);
            Assert.Equal(4, frames.Count);
            Assert.Equal(ZmtpFrameFlags.More, frames[0].Flags);
            Assert.Empty(frames[0].Body);
            Assert.Equal(big, frames[1].Body);
            Assert.Equal(ZmtpFrameFlags.More | ZmtpFrameFlags.Long, frames[1].Flags);
            Assert.Equal([7], frames[2].Body);
            Assert.Equal(ZmtpFrameFlags.Command, frames[3].Flags);
        }
    }

    [Fact]
    public void TryReadFrame_EveryTruncation_IsIncompleteAndConsumesNothing()
    {
        var frame = ZmtpBytes.Frame(new byte[300]);
        for (var length = 0; length < frame.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, length);

            Assert.Equal(ZmtpReadStatus.Incomplete, ZmtpFrameReader.TryReadFrame(ref buffer, Max, "MaxFrameBytes", out _, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void TryReadFrame_SizeAboveTheLimit_IsInvalidBeforeTheBodyArrivesNamingTheOption()
    {
        var header = ZmtpBytes.Frame(new byte[2000]).AsSpan(0, 9).ToArray();
        var buffer = new ReadOnlySequence<byte>(header);

        var status = ZmtpFrameReader.TryReadFrame(ref buffer, 1024, "MaxFrameBytes", out _, out var error);

        Assert.Equal(ZmtpReadStatus.Invalid, status);
        Assert.Equal("a ZMTP message frame of 2000 bytes; at most 1024 are accepted (option MaxFrameBytes)", error);
    }

    [Fact]
    public void TryReadFrame_HugeLongSize_IsInvalidNotNegative()
    {
        var buffer = new ReadOnlySequence<byte>([0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

        Assert.Equal(ZmtpReadStatus.Invalid, ZmtpFrameReader.TryReadFrame(ref buffer, Max, "MaxFrameBytes", out _, out var error));
        Assert.Contains("18446744073709551615 bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadFrame_CommandAboveItsLimit_IsInvalid()
    {
        var buffer = new ReadOnlySequence<byte>(ZmtpBytes.Frame(new byte[5000], command: true).AsMemory(0, 9));

        Assert.Equal(ZmtpReadStatus.Invalid, ZmtpFrameReader.TryReadFrame(ref buffer, Max, "MaxFrameBytes", out _, out var error));
        Assert.Equal("a ZMTP command frame of 5000 bytes; commands are at most 4096 bytes", error);
    }

    [Theory]
    [InlineData(0x08)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void TryReadFrame_ReservedFlagBits_AreInvalid(byte flags)
    {
        var buffer = new ReadOnlySequence<byte>([flags, 0]);

        Assert.Equal(ZmtpReadStatus.Invalid, ZmtpFrameReader.TryReadFrame(ref buffer, Max, "MaxFrameBytes", out _, out var error));
        Assert.Contains("reserved bits", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadFrame_CommandWithMore_IsInvalid()
    {
        var buffer = new ReadOnlySequence<byte>([0x05, 0]);

        Assert.Equal(ZmtpReadStatus.Invalid, ZmtpFrameReader.TryReadFrame(ref buffer, Max, "MaxFrameBytes", out _, out var error));
        Assert.Contains("commands are single frames", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadFrame_RandomBytes_NeverThrowsAndNeverReadsPastTheBuffer()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            var buffer = new ReadOnlySequence<byte>(bytes);
            while (ZmtpFrameReader.TryReadFrame(ref buffer, 64, "MaxFrameBytes", out var frame, out _) == ZmtpReadStatus.Complete)
            {
                Assert.True(frame.Length <= 64);
            }

            Assert.True(buffer.Length <= bytes.Length);
        }
    }

    [Fact]
    public void DescribeTruncated_FrameCutInItsBody_SaysHowMuchArrived()
    {
        var frame = ZmtpBytes.Frame(new byte[10]);

        Assert.Equal("the connection closed inside a ZMTP frame: 4 of its 10 body bytes arrived", ZmtpFrameReader.DescribeTruncated(new ReadOnlySequence<byte>(frame, 0, 6)));
        Assert.Equal("the connection closed inside a ZMTP frame header (3 bytes arrived)", ZmtpFrameReader.DescribeTruncated(new ReadOnlySequence<byte>([0x02, 0, 0])));
    }
}
