using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Clipper.ModelRpc.Security;
using Microsoft.AspNetCore.Connections;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>What the RPC port learns of a connection before it reads a frame: where it comes from, and its first byte.</summary>
internal static class RpcPeer
{
    /// <summary>Loopback, a Unix socket, or an in-process transport (no network peer at all).</summary>
    public static bool IsLocal(EndPoint? remote) => remote switch
    {
        null or UnixDomainSocketEndPoint => true,
        IPEndPoint { Address: var address } => Loopback.Contains(address),
        _ => false,
    };

    /// <summary>
    /// Waits for the connection's first byte without consuming it (within the handshake timeout); null when the
    /// connection ended, failed or stayed silent first, which the reader after it then reports at once.
    /// </summary>
    public static async Task<byte?> PeekFirstByteAsync(ConnectionContext connection, QueryFrontendOptions options, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(options.HandshakeTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping);
        var input = connection.Transport.Input;
        try
        {
            var result = await input.ReadAsync(linked.Token).ConfigureAwait(false);
            byte? first = null;
            if (!result.Buffer.IsEmpty)
            {
                Span<byte> one = stackalloc byte[1];
                result.Buffer.Slice(0, 1).CopyTo(one);
                first = one[0];
            }

            // Nothing consumed and nothing examined: the next read returns the same bytes at once.
            input.AdvanceTo(result.Buffer.Start);
            return first;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
            return null;
        }
    }
}
