namespace Clipper.QueryFrontend.Zmtp;

/// <summary>What a ZMTP parser found at the start of a buffer.</summary>
internal enum ZmtpReadStatus
{
    /// <summary>More bytes are needed; nothing was consumed.</summary>
    Incomplete,

    /// <summary>One complete unit was read and the buffer sliced past it.</summary>
    Complete,

    /// <summary>The bytes break the protocol; the error says how. The connection must close.</summary>
    Invalid,
}
