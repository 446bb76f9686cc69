using Microsoft.AspNetCore.Connections;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>
/// Another protocol served on the RPC port, told apart from ours by the connection's first byte: every frame of
/// ours starts with a big-endian length whose first byte is 0x00 for a valid Hello. Clipper's tools pass the RPC
/// port as <c>CLIPPER_PORT</c> to every model container, so one port is what lets Clipper's containers work unchanged.
/// </summary>
internal interface IAlternateRpcProtocol
{
    /// <summary>Whether a connection whose first byte is <paramref name="firstByte"/> speaks this protocol.</summary>
    bool Recognizes(byte firstByte);

    /// <summary>Serves the connection until it ends; its first bytes are still unread.</summary>
    Task ServeAsync(ConnectionContext connection);
}
