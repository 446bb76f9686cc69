using System.Buffers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Tests.Protocol;

/// <summary>Reads exactly one whole frame, proving the written length prefix matches the body.</summary>
internal static class FrameAssert
{
    public static Frame Single(ReadOnlySequence<byte> buffer, MessageType expectedType)
    {
        Assert.Equal(FrameReadResult.Complete, FrameReader.TryReadFrame(ref buffer, ProtocolConstants.DefaultMaxFrameBytes, out Frame frame));
        Assert.Equal(expectedType, frame.Type);
        Assert.True(buffer.IsEmpty, "The frame's length prefix is shorter than what was written.");
        return frame;
    }

    public static Frame Single(byte[] bytes, MessageType expectedType) => Single(new ReadOnlySequence<byte>(bytes), expectedType);
}
