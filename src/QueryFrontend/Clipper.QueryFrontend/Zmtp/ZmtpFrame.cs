using System.Buffers;

namespace Clipper.QueryFrontend.Zmtp;

/// <summary>One ZMTP frame: a slice of the receive buffer, valid until the reader advances past it.</summary>
internal readonly struct ZmtpFrame
{
    public ZmtpFrame(ZmtpFrameFlags flags, ReadOnlySequence<byte> body)
    {
        Flags = flags;
        Body = body;
    }

    public ZmtpFrameFlags Flags { get; }

    public ReadOnlySequence<byte> Body { get; }

    /// <summary>Whether more frames of the same message follow.</summary>
    public bool More => (Flags & ZmtpFrameFlags.More) != 0;

    /// <summary>Whether the frame is a command rather than part of a message.</summary>
    public bool IsCommand => (Flags & ZmtpFrameFlags.Command) != 0;

    public long Length => Body.Length;
}
