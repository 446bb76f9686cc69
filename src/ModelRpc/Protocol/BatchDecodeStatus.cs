namespace Clipper.ModelRpc.Protocol;

/// <summary>The outcome of <see cref="BatchRequestDecoder"/>.</summary>
public enum BatchDecodeStatus
{
    /// <summary>Every input was decoded.</summary>
    Decoded,

    /// <summary>
    /// The batch id and input count were read, but the inputs do not fit the container's input
    /// type. The container answers every input with the error and keeps the connection.
    /// </summary>
    Rejected,

    /// <summary>The body is not a BatchRequest: a protocol error that closes the connection.</summary>
    Malformed,
}
