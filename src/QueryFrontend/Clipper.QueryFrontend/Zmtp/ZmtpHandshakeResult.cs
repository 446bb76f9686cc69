namespace Clipper.QueryFrontend.Zmtp;

/// <summary>How a ZMTP handshake ended: the peer's minor version (0 for 3.0, 1 for 3.1), or why it was refused.</summary>
internal readonly record struct ZmtpHandshakeResult(byte MinorVersion, string? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static ZmtpHandshakeResult Refused(string reason) => new(0, reason);
}
