using System.Buffers;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// One frame read by <see cref="FrameReader"/>: its type and its MessagePack body, a slice of the
/// receive buffer that is valid only until the buffer is advanced.
/// </summary>
public readonly struct Frame
{
    /// <summary>Creates a complete frame.</summary>
    /// <param name="type">The frame's type byte.</param>
    /// <param name="body">The body after the type byte.</param>
    public Frame(MessageType type, ReadOnlySequence<byte> body)
    {
        Type = type;
        Body = body;
        Error = null;
    }

    private Frame(string error)
    {
        Type = default;
        Body = default;
        Error = error;
    }

    /// <summary>The frame's type.</summary>
    public MessageType Type { get; }

    /// <summary>The MessagePack body (the bytes after the type byte); empty when the frame is invalid.</summary>
    public ReadOnlySequence<byte> Body { get; }

    /// <summary>
    /// Set only when the frame is invalid: what was received and what was expected, naming
    /// <c>MaxFrameBytes</c> when the frame was too large.
    /// </summary>
    public string? Error { get; }

    internal static Frame Invalid(string error) => new(error);
}
