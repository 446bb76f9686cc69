using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;
using MessagePack;

namespace Clipper.ModelRpc.Tests.Protocol;

public partial class MessageCodecTests
{
    private static readonly HelloMessage s_hello = new(ProtocolConstants.Version, "image-classifier", "v2", InputType.Doubles, "host-a-1234");

    [Theory]
    [InlineData(InputType.Integers)]
    [InlineData(InputType.Floats)]
    [InlineData(InputType.Doubles)]
    [InlineData(InputType.Bytes)]
    [InlineData(InputType.Strings)]
    public void Hello_RoundTrips(InputType inputType)
    {
        HelloMessage sent = s_hello with { InputType = inputType };
        byte[] bytes = Bodies.Written(o => MessageCodec.WriteHello(o, sent));

        Frame frame = FrameAssert.Single(bytes, MessageType.Hello);

        Assert.True(MessageCodec.TryReadHello(frame.Body, out HelloMessage? received, out string? error), error);
        Assert.Equal(sent, received);
    }

    [Fact]
    public void Hello_WithLongAndNonAsciiContainerId_RoundTripsAcrossEverySplit()
    {
        HelloMessage sent = s_hello with { ContainerId = new string('h', 40) + "-ü-" + new string('x', 200) };
        byte[] bytes = Bodies.Written(o => MessageCodec.WriteHello(o, sent));

        foreach (ReadOnlySequence<byte> split in Sequences.AllSplits(bytes))
        {
            Frame frame = FrameAssert.Single(split, MessageType.Hello);
            Assert.True(MessageCodec.TryReadHello(frame.Body, out HelloMessage? received, out string? error), error);
            Assert.Equal(sent, received);
        }
    }

    [Fact]
    public void Welcome_RoundTripsAcrossEverySplit()
    {
        var sent = new WelcomeMessage(ProtocolConstants.Version, 70000, 250, "frontend-a");
        byte[] bytes = Bodies.Written(o => MessageCodec.WriteWelcome(o, sent));

        foreach (ReadOnlySequence<byte> split in Sequences.AllSplits(bytes))
        {
            Frame frame = FrameAssert.Single(split, MessageType.Welcome);
            Assert.True(MessageCodec.TryReadWelcome(frame.Body, out WelcomeMessage? received, out string? error), error);
            Assert.Equal(sent, received);
        }
    }

    [Theory]
    [InlineData("draining")]
    [InlineData("")]
    [InlineData("frontend stopping: maintenance — back soon")]
    public void Goodbye_RoundTrips(string reason)
    {
        byte[] bytes = Bodies.Written(o => MessageCodec.WriteGoodbye(o, new GoodbyeMessage(reason)));

        Frame frame = FrameAssert.Single(bytes, MessageType.Goodbye);

        Assert.True(MessageCodec.TryReadGoodbye(frame.Body, out GoodbyeMessage? received, out string? error), error);
        Assert.Equal(reason, received.Reason);
    }

    [Fact]
    public void Heartbeat_RoundTrips()
    {
        byte[] bytes = Bodies.Written(MessageCodec.WriteHeartbeat);

        Frame frame = FrameAssert.Single(bytes, MessageType.Heartbeat);

        Assert.True(MessageCodec.TryReadHeartbeat(frame.Body, out string? error), error);
    }

    [Theory]
    [InlineData("ints", InputType.Integers)]
    [InlineData("I", InputType.Integers)]
    [InlineData("float", InputType.Floats)]
    [InlineData("d", InputType.Doubles)]
    [InlineData("byte", InputType.Bytes)]
    [InlineData("strs", InputType.Strings)]
    public void TryReadHello_AcceptsClipperAliases(string alias, InputType expected)
    {
        byte[] body = HelloBody(2, "m", "1", alias, "c");

        Assert.True(MessageCodec.TryReadHello(new ReadOnlySequence<byte>(body), out HelloMessage? hello, out string? error), error);
        Assert.Equal(expected, hello.InputType);
    }

    private static byte[] HelloBody(int version, string name, string modelVersion, string type, string id) =>
        Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(5);
            w.Write(version);
            w.Write(name);
            w.Write(modelVersion);
            w.Write(type);
            w.Write(id);
        });
}
