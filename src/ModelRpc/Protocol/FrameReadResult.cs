namespace Clipper.ModelRpc.Protocol;

/// <summary>The outcome of <see cref="FrameReader.TryReadFrame"/>.</summary>
public enum FrameReadResult
{
    /// <summary>A whole frame was read and the buffer advanced past it.</summary>
    Complete,

    /// <summary>The buffer holds only the start of a frame; read more bytes and try again.</summary>
    Incomplete,

    /// <summary>The bytes cannot start a valid frame: a protocol error that closes the connection.</summary>
    Invalid,
}
