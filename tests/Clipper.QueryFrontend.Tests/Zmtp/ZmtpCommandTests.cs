using System.Buffers;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.QueryFrontend.Tests.Zmtp;

public sealed class ZmtpCommandTests
{
    [Fact]
    public void TryReadSocketType_ReadyFromLibzmq_ReadsItCaseInsensitively()
    {
        var body = ZmtpBytes.Command("READY", ZmtpBytes.Properties(("identity", ""), ("socket-type", "DEALER")));

        Assert.True(ZmtpCommand.TryParse(new ReadOnlySequence<byte>(body), out var command, out _));
        Assert.Equal("READY", command!.Name);
        Assert.True(command.TryReadSocketType(out var socketType, out _));
        Assert.Equal("DEALER", socketType);
    }

    [Fact]
    public void TryReadSocketType_Missing_SaysSo()
    {
        Assert.True(ZmtpCommand.TryParse(new ReadOnlySequence<byte>(ZmtpBytes.Command("READY", ZmtpBytes.Properties(("Identity", "x")))), out var command, out _));

        Assert.False(command!.TryReadSocketType(out _, out var error));
        Assert.Equal("READY without a Socket-Type property", error);
    }

    [Fact]
    public void TryReadSocketType_ValueLongerThanTheData_SaysHowLong()
    {
        var properties = ZmtpBytes.Properties(("Socket-Type", "DEALER"));
        Assert.True(ZmtpCommand.TryParse(new ReadOnlySequence<byte>(ZmtpBytes.Command("READY", properties[..^2])), out var command, out _));

        Assert.False(command!.TryReadSocketType(out _, out var error));
        Assert.Equal("the READY property 'Socket-Type' says its value is 6 bytes; 4 are left", error);
    }

    [Fact]
    public void TryReadSocketType_PropertyCutInItsHeader_SaysSo()
    {
        Assert.True(ZmtpCommand.TryParse(new ReadOnlySequence<byte>(ZmtpBytes.Command("READY", [11, (byte)'S'])), out var command, out _));

        Assert.False(command!.TryReadSocketType(out _, out var error));
        Assert.Contains("cut off", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0], "an empty ZMTP command frame")]
    [InlineData(new byte[] { 0 }, "name is 0 bytes long")]
    [InlineData(new byte[] { 9, (byte)'R' }, "name is 9 bytes long in a 2-byte frame")]
    [InlineData(new byte[] { 2, 0x01, 0x02 }, "not printable ASCII")]
    public void TryParse_MalformedCommand_SaysWhatWasWrong(byte[] body, string expected)
    {
        Assert.False(ZmtpCommand.TryParse(new ReadOnlySequence<byte>(body), out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteReady_ReadBack_IsACommandFrameNamingRouter()
    {
        var writer = new ArrayBufferWriter<byte>();
        ZmtpCommand.WriteReady(writer, "ROUTER");
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);

        Assert.Equal(ZmtpReadStatus.Complete, ZmtpFrameReader.TryReadFrame(ref buffer, 1024, "MaxFrameBytes", out var frame, out _));
        Assert.True(frame.IsCommand);
        Assert.True(ZmtpCommand.TryParse(frame.Body, out var command, out _));
        Assert.True(command!.TryReadSocketType(out var socketType, out _));
        Assert.Equal("ROUTER", socketType);
    }

    [Fact]
    public void WriteError_LongReason_IsCutToTheCommandsLimit()
    {
        var writer = new ArrayBufferWriter<byte>();
        ZmtpCommand.WriteError(writer, new string('x', 400));
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);

        Assert.Equal(ZmtpReadStatus.Complete, ZmtpFrameReader.TryReadFrame(ref buffer, 1024, "MaxFrameBytes", out var frame, out _));
        Assert.True(ZmtpCommand.TryParse(frame.Body, out var command, out _));
        Assert.Equal("ERROR", command!.Name);
        Assert.Equal(255, command.ReadErrorReason().Length);
    }
}
