using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;
using Clipper.ModelRpc.Serving;
using Clipper.ModelRpc.Tests.TestSupport;
using MessagePack;

namespace Clipper.ModelRpc.Tests.Protocol;

/// <summary>The join token rides in Hello as an optional sixth element; a Hello of five is a container without one.</summary>
public sealed class HelloJoinTokenTests
{
    private static readonly HelloMessage s_hello = new(ProtocolConstants.Version, "iris", "1", InputType.Doubles, "host-a-1");

    [Fact]
    public void Hello_WithJoinToken_RoundTripsItAsTheSixthElement()
    {
        var token = ClusterToken.Create();
        byte[] bytes = Bodies.Written(o => MessageCodec.WriteHello(o, s_hello with { JoinToken = token }));
        Frame frame = FrameAssert.Single(bytes, MessageType.Hello);

        Assert.True(MessageCodec.TryReadHello(frame.Body, out HelloMessage? received, out string? error), error);

        Assert.True(received.JoinToken!.Matches(token.Value));
        Assert.Equal(6, new MessagePackReader(frame.Body).ReadArrayHeader());
    }

    [Fact]
    public void Hello_WithoutJoinToken_IsFiveElementsAsBefore()
    {
        byte[] bytes = Bodies.Written(o => MessageCodec.WriteHello(o, s_hello));
        Frame frame = FrameAssert.Single(bytes, MessageType.Hello);

        Assert.True(MessageCodec.TryReadHello(frame.Body, out HelloMessage? received, out _));
        Assert.Null(received.JoinToken);
        Assert.Equal(5, new MessagePackReader(frame.Body).ReadArrayHeader());
    }

    [Fact]
    public void Hello_ToString_NeverShowsTheToken()
    {
        var token = ClusterToken.Create();

        Assert.DoesNotContain(token.Value, (s_hello with { JoinToken = token }).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", "Hello.join_token: expected the cluster's join token")]
    [InlineData("0123456789 abcdef", "holds a space")]
    public void TryReadHello_MalformedJoinToken_IsRefusedNamingTheField(string token, string expected)
    {
        byte[] body = Body(6, token);

        Assert.False(MessageCodec.TryReadHello(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadHello_SevenElements_IsRefusedNamingTheMost()
    {
        byte[] body = Body(7, "0123456789abcdef");

        Assert.False(MessageCodec.TryReadHello(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.Equal("Hello: expected an array of 6 elements, received an array of 7.", error);
    }

    [Fact]
    public void FromEnvironment_JoinToken_IsReadAndAMalformedOneIsRefusedWithoutShowingIt()
    {
        var environment = new Dictionary<string, string> { ["CLIPPER_MODEL_NAME"] = "iris", ["CLIPPER_MODEL_VERSION"] = "1", ["CLIPPER_JOIN_TOKEN"] = " 0123456789abcdef-token\n" };

        Assert.Equal("0123456789abcdef-token", ModelContainerOptions.FromEnvironment(environment).JoinToken!.Value);

        environment["CLIPPER_JOIN_TOKEN"] = "secret";
        var error = Assert.Throws<InvalidOperationException>(() => ModelContainerOptions.FromEnvironment(environment));
        Assert.Contains("CLIPPER_JOIN_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Body(int elements, string token) => Bodies.Build((ref MessagePackWriter w) =>
    {
        w.WriteArrayHeader(elements);
        w.Write(2);
        w.Write("iris");
        w.Write("1");
        w.Write("doubles");
        w.Write("host-a-1");
        for (int i = 5; i < elements; i++)
        {
            w.Write(token);
        }
    });
}
