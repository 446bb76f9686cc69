using System.Net.Security;
using System.Net.Sockets;

namespace Clipper.ModelRpc.Serving;

/// <summary>A connected frontend: its socket, and the stream frames travel on (the socket's own, or TLS over it).</summary>
/// <param name="Socket">The socket, for its address and the half-close after a drain.</param>
/// <param name="Stream">A <see cref="NetworkStream"/> owning the socket, or an <see cref="SslStream"/> owning that.</param>
internal sealed record FrontendTransport(Socket Socket, Stream Stream)
{
    /// <summary>Whether frames travel over TLS.</summary>
    public bool IsTls => Stream is SslStream;
}
