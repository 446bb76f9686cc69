using System.Buffers;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Splits a receive buffer into frames: a 4-byte big-endian length (type byte plus body), the
/// type byte, then the body. Both ends of the connection use it in their read loops.
/// </summary>
public static class FrameReader
{
    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>. Allocates nothing unless the
    /// frame is invalid.
    /// </summary>
    /// <param name="buffer">
    /// The received bytes. On <see cref="FrameReadResult.Complete"/> it is sliced past the frame;
    /// otherwise it is unchanged.
    /// </param>
    /// <param name="maxFrameBytes">The largest length prefix accepted (the receiver's <c>MaxFrameBytes</c>).</param>
    /// <param name="frame">The frame when complete; carries <see cref="Frame.Error"/> when invalid.</param>
    /// <returns>Whether a frame was read, more bytes are needed, or the bytes are not a valid frame.</returns>
    public static FrameReadResult TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out Frame frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameBytes);
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out int signedLength))
        {
            frame = default;
            return FrameReadResult.Incomplete;
        }

        // The prefix is unsigned on the wire; reading it as uint makes lengths above 2 GiB "too large", not negative.
        uint length = unchecked((uint)signedLength);
        if (length == 0)
        {
            frame = Frame.Invalid(ProtocolErrors.EmptyFrame());
            return FrameReadResult.Invalid;
        }

        // Checked before waiting for the body so that a huge prefix fails at once instead of buffering it.
        if (length > (uint)maxFrameBytes)
        {
            frame = Frame.Invalid(ProtocolErrors.FrameTooLarge(length, maxFrameBytes));
            return FrameReadResult.Invalid;
        }

        if (reader.Remaining < length)
        {
            frame = default;
            return FrameReadResult.Incomplete;
        }

        reader.TryRead(out byte type);
        if (type is < (byte)MessageType.Hello or > (byte)MessageType.Release)
        {
            frame = Frame.Invalid(ProtocolErrors.UnknownFrameType(type));
            return FrameReadResult.Invalid;
        }

        ReadOnlySequence<byte> body = buffer.Slice(reader.Position, length - 1);
        buffer = buffer.Slice(body.End);
        frame = new Frame((MessageType)type, body);
        return FrameReadResult.Complete;
    }

    /// <summary>
    /// Describes bytes left over when the stream ended: a frame cut off by the end of the
    /// connection is a protocol error. Use it when the read loop sees completion with a non-empty buffer.
    /// </summary>
    /// <param name="remaining">The unconsumed bytes at end of stream.</param>
    /// <param name="maxFrameBytes">The receiver's <c>MaxFrameBytes</c>, named in the message.</param>
    /// <returns>A message saying how much of which frame arrived.</returns>
    public static string DescribeTruncatedFrame(in ReadOnlySequence<byte> remaining, int maxFrameBytes)
    {
        var reader = new SequenceReader<byte>(remaining);
        return reader.TryReadBigEndian(out int length)
            ? ProtocolErrors.TruncatedFrame(remaining.Length, unchecked((uint)length), maxFrameBytes)
            : ProtocolErrors.TruncatedPrefix(remaining.Length);
    }
}
