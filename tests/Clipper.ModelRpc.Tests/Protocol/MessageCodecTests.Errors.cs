using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;
using MessagePack;

namespace Clipper.ModelRpc.Tests.Protocol;

public partial class MessageCodecTests
{
    [Theory]
    [InlineData(new byte[0], "Heartbeat: expected nil, received the end of the body.")]
    [InlineData(new byte[] { 0x90 }, "Heartbeat: expected nil, received an array.")]
    [InlineData(new byte[] { 0xC0, 0xC0 }, "Heartbeat: expected exactly one MessagePack value, received 1 more bytes after it.")]
    public void TryReadHeartbeat_NotNil_ReturnsError(byte[] body, string expected)
    {
        Assert.False(MessageCodec.TryReadHeartbeat(new ReadOnlySequence<byte>(body), out string? error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(1, "m", "1", "doubles", "c", "Hello.protocol_version: received protocol version 1; expected 2 or 3, the versions this side speaks.")]
    [InlineData(4, "m", "1", "doubles", "c", "Hello.protocol_version: received protocol version 4; expected 2 or 3")]
    [InlineData(2, "Bad_Name", "1", "doubles", "c", "Hello.model_name: expected a DNS-1123 label")]
    [InlineData(2, "m", "-v1", "doubles", "c", "Hello.model_version: expected a DNS-1123 label")]
    [InlineData(2, "m", "1", "tensor", "c", "Hello.input_type: expected one of bytes|byte|b")]
    [InlineData(2, "m", "1", "doubles", "", "Hello.container_id: expected 1 to 255 UTF-8 bytes, received 0 bytes.")]
    public void TryReadHello_InvalidField_NamesTheFieldAndTheExpectation(int version, string name, string modelVersion, string type, string id, string expected)
    {
        byte[] body = HelloBody(version, name, modelVersion, type, id);

        Assert.False(MessageCodec.TryReadHello(new ReadOnlySequence<byte>(body), out HelloMessage? hello, out string? error));
        Assert.Null(hello);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadHello_InvalidName_QuotesWhatWasReceived()
    {
        byte[] body = HelloBody(2, "Bad_Name", "1", "doubles", "c");

        Assert.False(MessageCodec.TryReadHello(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.EndsWith("received \"Bad_Name\".", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadHello_FieldOfWrongType_SaysWhatWasReceived()
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(5);
            w.Write(2);
            w.Write(42);
            w.Write("1");
            w.Write("d");
            w.Write("c");
        });

        Assert.False(MessageCodec.TryReadHello(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.Equal("Hello.model_name: expected a str, received an integer.", error);
    }

    [Fact]
    public void TryReadHello_WrongArrayLength_SaysBothLengths()
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(4);
            w.Write(2);
            w.Write("m");
            w.Write("1");
            w.Write("d");
        });

        Assert.False(MessageCodec.TryReadHello(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.Equal("Hello: expected an array of 5 elements, received an array of 4.", error);
    }

    [Fact]
    public void TryReadHello_TrailingBytes_IsAnError()
    {
        byte[] body = [.. HelloBody(2, "m", "1", "d", "c"), 0xC0];

        Assert.False(MessageCodec.TryReadHello(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.Equal("Hello: expected exactly one MessagePack value, received 1 more bytes after it.", error);
    }

    [Theory]
    [InlineData(2, -1, 1000, "f", "Welcome.replica_id: expected an integer from 0 to 2147483647, received -1.")]
    [InlineData(2, 0, 0, "f", "Welcome.heartbeat_interval_ms: expected an integer from 1 to 2147483647, received 0.")]
    [InlineData(2, 0, 4294967296L, "f", "Welcome.heartbeat_interval_ms: expected an integer from 1 to 2147483647, received 4294967296.")]
    [InlineData(2, 0, 1000, "", "Welcome.frontend_id: expected 1 to 255 UTF-8 bytes, received 0 bytes.")]
    [InlineData(1, 0, 1000, "f", "Welcome.protocol_version: received protocol version 1; expected 2 or 3, the versions this side speaks.")]
    [InlineData(4, 0, 1000, "f", "Welcome.protocol_version: received protocol version 4; expected 2 or 3, the versions this side speaks.")]
    public void TryReadWelcome_InvalidField_NamesTheFieldAndTheExpectation(int version, int replicaId, long intervalMs, string frontendId, string expected)
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(4);
            w.Write(version);
            w.Write(replicaId);
            w.Write(intervalMs);
            w.Write(frontendId);
        });

        Assert.False(MessageCodec.TryReadWelcome(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryReadGoodbye_NilReason_IsAnError()
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(1);
            w.WriteNil();
        });

        Assert.False(MessageCodec.TryReadGoodbye(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.Equal("Goodbye.reason: expected a str, received nil.", error);
    }

    [Theory]
    [MemberData(nameof(Bodies.Garbage), MemberType = typeof(Bodies))]
    public void TryRead_Garbage_ReturnsErrorsNeverThrows(byte[] garbage) => AssertAllReadersFail(garbage);

    [Fact]
    public void TryRead_RandomBytes_NeverThrow()
    {
        foreach (byte[] body in Bodies.Random(3000, seed: 1234))
        {
            var sequence = new ReadOnlySequence<byte>(body);
            MessageCodec.TryReadHello(sequence, out _, out _);
            MessageCodec.TryReadWelcome(sequence, out _, out _);
            MessageCodec.TryReadGoodbye(sequence, out _, out _);
            MessageCodec.TryReadHeartbeat(sequence, out _);
            MessageCodec.TryReadMembership(sequence, out _, out _);
            MessageCodec.TryReadDemand(sequence, out _, out _);
        }
    }

    private static void AssertAllReadersFail(byte[] garbage)
    {
        var body = new ReadOnlySequence<byte>(garbage);
        Assert.False(MessageCodec.TryReadHello(body, out _, out string? helloError));
        Assert.False(MessageCodec.TryReadWelcome(body, out _, out string? welcomeError));
        Assert.False(MessageCodec.TryReadGoodbye(body, out _, out string? goodbyeError));
        Assert.False(MessageCodec.TryReadMembership(body, out _, out string? membershipError));
        Assert.False(MessageCodec.TryReadDemand(body, out _, out string? demandError));
        Assert.StartsWith("Membership", membershipError, StringComparison.Ordinal);
        Assert.StartsWith("Demand", demandError, StringComparison.Ordinal);
        Assert.StartsWith("Hello", helloError, StringComparison.Ordinal);
        Assert.StartsWith("Welcome", welcomeError, StringComparison.Ordinal);
        Assert.StartsWith("Goodbye", goodbyeError, StringComparison.Ordinal);
    }
}
