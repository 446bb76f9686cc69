namespace Clipper.QueryFrontend.Zmtp;

/// <summary>The flags byte that starts every ZMTP 3 frame.</summary>
[Flags]
internal enum ZmtpFrameFlags : byte
{
    /// <summary>A message frame that ends its message, with a one-byte size.</summary>
    None = 0,

    /// <summary>More frames of the same message follow.</summary>
    More = 0x01,

    /// <summary>The size is 8 bytes (big-endian) instead of one.</summary>
    Long = 0x02,

    /// <summary>The frame is a command (READY, ERROR, PING...), never part of a message.</summary>
    Command = 0x04,
}
