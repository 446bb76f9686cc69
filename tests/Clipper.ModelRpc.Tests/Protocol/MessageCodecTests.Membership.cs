using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;
using MessagePack;

namespace Clipper.ModelRpc.Tests.Protocol;

public partial class MessageCodecTests
{
    [Fact]
    public void Membership_RoundTripsAcrossEverySplit()
    {
        var sent = new MembershipMessage(2, [new FrontendAddress("qf-1", "10.0.0.5", 7000), new FrontendAddress("qf-ü", "frontend.example", 65535)]);
        byte[] bytes = Bodies.Written(o => MessageCodec.WriteMembership(o, sent));

        foreach (ReadOnlySequence<byte> split in Sequences.AllSplits(bytes))
        {
            Frame frame = FrameAssert.Single(split, MessageType.Membership);
            Assert.True(MessageCodec.TryReadMembership(frame.Body, out MembershipMessage? received, out string? error), error);
            Assert.Equal(sent.MaxFrontendsPerReplica, received.MaxFrontendsPerReplica);
            Assert.Equal(sent.Frontends, received.Frontends);
        }
    }

    [Theory]
    [InlineData(-1, "a", "h", 1, "Membership.max_frontends_per_replica: expected an integer from 0")]
    [InlineData(0, "", "h", 1, "Membership.frontends.frontend_id: expected 1 to 255 UTF-8 bytes, received 0 bytes.")]
    [InlineData(0, "a", "", 1, "Membership.frontends.host: expected 1 to 253 UTF-8 bytes, received 0 bytes.")]
    [InlineData(0, "a", "h", 0, "Membership.frontends.port: expected an integer from 1")]
    [InlineData(0, "a", "h", 65536, "Membership.frontends.port: expected a TCP port from 1 to 65535, received 65536.")]
    public void TryReadMembership_InvalidEntry_NamesTheFieldAndTheExpectation(int cap, string id, string host, int port, string expected)
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write(cap);
            w.WriteArrayHeader(1);
            w.WriteArrayHeader(3);
            w.Write(id);
            w.Write(host);
            w.Write(port);
        });

        Assert.False(MessageCodec.TryReadMembership(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryReadMembership_NoFrontends_IsAnError()
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write(0);
            w.WriteArrayHeader(0);
        });

        Assert.False(MessageCodec.TryReadMembership(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.Equal("Membership.frontends: expected 1 to 10000 frontends (the sender is one), received 0.", error);
    }

    [Fact]
    public void TryReadMembership_FrontendListedTwice_IsAnError()
    {
        var twice = new MembershipMessage(0, [new FrontendAddress("a", "h", 1), new FrontendAddress("a", "h", 2)]);
        Frame frame = FrameAssert.Single(Bodies.Written(o => MessageCodec.WriteMembership(o, twice)), MessageType.Membership);

        Assert.False(MessageCodec.TryReadMembership(frame.Body, out _, out string? error));
        Assert.Equal("Membership.frontends.frontend_id: expected each frontend listed once, received a second entry for \"a\".", error);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10_000, -250)]
    [InlineData(int.MaxValue, int.MaxValue)]
    [InlineData(3, int.MinValue)]
    public void Demand_RoundTripsAcrossEverySplit(int queued, int deadlineMs)
    {
        byte[] bytes = Bodies.Written(o => MessageCodec.WriteDemand(o, queued, deadlineMs));

        foreach (ReadOnlySequence<byte> split in Sequences.AllSplits(bytes))
        {
            Frame frame = FrameAssert.Single(split, MessageType.Demand);
            Assert.True(MessageCodec.TryReadDemand(frame.Body, out DemandMessage? received, out string? error), error);
            Assert.Equal(new DemandMessage(queued, deadlineMs), received);
        }
    }

    [Fact]
    public void TryReadDemand_NoQueries_IsAnError()
    {
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.Write(0);
            w.Write(5);
        });

        Assert.False(MessageCodec.TryReadDemand(new ReadOnlySequence<byte>(body), out _, out string? error));
        Assert.Equal("Demand.queued: expected an integer from 1 to 2147483647, received 0.", error);
    }

    [Theory]
    [InlineData(MessageType.Revoke)]
    [InlineData(MessageType.Release)]
    [InlineData(MessageType.Heartbeat)]
    public void Signal_IsANilBody(MessageType type)
    {
        Frame frame = FrameAssert.Single(Bodies.Written(o => MessageCodec.WriteSignal(o, type)), type);

        Assert.True(MessageCodec.TryReadSignal(frame.Body, type, out string? error), error);
    }

    [Fact]
    public void TryReadSignal_NotNil_NamesTheFrame()
    {
        Assert.False(MessageCodec.TryReadSignal(new ReadOnlySequence<byte>([0x90]), MessageType.Release, out string? error));
        Assert.Equal("Release: expected nil, received an array.", error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Grant_RoundTripsWhetherItIsParked(bool parked)
    {
        Frame frame = FrameAssert.Single(Bodies.Written(o => MessageCodec.WriteGrant(o, parked)), MessageType.Grant);

        Assert.True(MessageCodec.TryReadGrant(frame.Body, out bool received, out string? error), error);
        Assert.Equal(parked, received);
    }

    [Fact]
    public void TryReadGrant_NotABoolean_NamesTheField()
    {
        Assert.False(MessageCodec.TryReadGrant(new ReadOnlySequence<byte>([0xC0]), out _, out string? error));
        Assert.Equal("Grant.parked: expected a boolean, received nil.", error);
    }

    [Fact]
    public void WriteSignal_FrameWithABody_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageCodec.WriteSignal(new ArrayBufferWriter<byte>(), MessageType.Goodbye));
}
