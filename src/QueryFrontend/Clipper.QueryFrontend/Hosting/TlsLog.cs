using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Hosting;

/// <summary>The log events of TLS on the frontend's ports.</summary>
internal static partial class TlsLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "TLS: HTTPS on the HTTP ports and TLS for model containers on the RPC port with certificate {Certificate}; plain containers of our protocol are accepted from loopback only, Clipper's ZeroMQ containers stay plain")]
    public static partial void Enabled(ILogger logger, string certificate);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Refused a container from {Remote}: the TLS handshake failed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Refused a container from {Remote}: {Reason}")]
    public static partial void PlainRefused(ILogger logger, string remote, string reason);
}
