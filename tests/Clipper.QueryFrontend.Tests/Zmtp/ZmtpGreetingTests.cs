using System.Buffers;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.QueryFrontend.Tests.Zmtp;

public sealed class ZmtpGreetingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TryRead_ValidGreetingAtEverySplit_ReadsTheMinorVersionAndSlicesPastIt(byte minor)
    {
        byte[] bytes = [.. ZmtpBytes.Greeting(minor: minor), 0x04, 0x00];
        foreach (var sequence in Sequences.AllSplits(bytes))
        {
            var buffer = sequence;

            var status = ZmtpGreeting.TryRead(ref buffer, out var read, out var error);

            Assert.Equal(ZmtpReadStatus.Complete, status);
            Assert.Null(error);
            Assert.Equal(minor, read);
            Assert.Equal(2, buffer.Length);
        }
    }

    [Fact]
    public void TryRead_LaterVersion_IsReadAsThreePointOne()
    {
        var buffer = new ReadOnlySequence<byte>(ZmtpBytes.Greeting(major: 4, minor: 0));

        Assert.Equal(ZmtpReadStatus.Complete, ZmtpGreeting.TryRead(ref buffer, out var minor, out _));
        Assert.Equal(1, minor);
    }

    [Fact]
    public void TryRead_EveryTruncation_IsIncompleteAndConsumesNothing()
    {
        var greeting = ZmtpBytes.Greeting();
        for (var length = 0; length < greeting.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(greeting, 0, length);

            var status = ZmtpGreeting.TryRead(ref buffer, out _, out var error);

            Assert.Equal(ZmtpReadStatus.Incomplete, status);
            Assert.Null(error);
            Assert.Equal(length, buffer.Length);
        }
    }

    [Theory]
    [InlineData("CURVE", "'CURVE'")]
    [InlineData("PLAIN", "'PLAIN'")]
    [InlineData("NULLX", "'NULLX'")]
    public void TryRead_OtherMechanism_IsInvalidNamingIt(string mechanism, string named)
    {
        // Refused as soon as the mechanism has arrived, without waiting for the filler.
        var buffer = new ReadOnlySequence<byte>(ZmtpBytes.Greeting(mechanism: mechanism), 0, 32);

        var status = ZmtpGreeting.TryRead(ref buffer, out _, out var error);

        Assert.Equal(ZmtpReadStatus.Invalid, status);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Contains("NULL only", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TryRead_OlderMajorVersion_IsInvalidAtItsEleventhByte(byte major)
    {
        var buffer = new ReadOnlySequence<byte>(ZmtpBytes.Greeting(major: major), 0, 11);

        var status = ZmtpGreeting.TryRead(ref buffer, out _, out var error);

        Assert.Equal(ZmtpReadStatus.Invalid, status);
        Assert.Contains($"ZMTP {major}.x; expected ZMTP 3.0 or later", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_Zmtp10Signature_IsInvalid()
    {
        var buffer = new ReadOnlySequence<byte>(ZmtpBytes.Greeting(signatureEnd: 0x00), 0, 10);

        Assert.Equal(ZmtpReadStatus.Invalid, ZmtpGreeting.TryRead(ref buffer, out _, out var error));
        Assert.Contains("ZMTP 1.0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_FirstByteNotFF_IsInvalidNamingIt()
    {
        var buffer = new ReadOnlySequence<byte>([0x00, 0x00, 0x00, 0x10]);

        Assert.Equal(ZmtpReadStatus.Invalid, ZmtpGreeting.TryRead(ref buffer, out _, out var error));
        Assert.Contains("got 0x00", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OurGreeting_IsAValidSixtyFourByteNullGreetingOfVersionThreePointOne()
    {
        var writer = new ArrayBufferWriter<byte>();

        ZmtpGreeting.Write(writer);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);

        Assert.Equal(64, writer.WrittenCount);
        Assert.Equal(ZmtpReadStatus.Complete, ZmtpGreeting.TryRead(ref buffer, out var minor, out _));
        Assert.Equal(1, minor);
        Assert.Equal(0, writer.WrittenSpan[32]);
    }
}
