using System.Buffers.Binary;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>Writes the 5-byte frame header; every message writer calls it once, before the body.</summary>
internal static class FrameWriter
{
    /// <summary>The largest body a frame can carry: the length prefix counts the type byte and must fit a non-negative int.</summary>
    public const long MaxBodyBytes = int.MaxValue - 1;

    public static void WriteHeader(ref MessagePackWriter writer, MessageType type, long bodyLength)
    {
        if (bodyLength > MaxBodyBytes)
        {
            throw new ArgumentOutOfRangeException(
                nameof(bodyLength),
                bodyLength,
                $"A {type} frame body of {bodyLength} bytes does not fit a frame; expected at most {MaxBodyBytes} bytes.");
        }

        Span<byte> header = writer.GetSpan(ProtocolConstants.FrameHeaderBytes);
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(bodyLength + 1));
        header[ProtocolConstants.LengthPrefixBytes] = (byte)type;
        writer.Advance(ProtocolConstants.FrameHeaderBytes);
    }
}
