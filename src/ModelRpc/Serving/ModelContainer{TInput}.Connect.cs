using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Clipper.ModelRpc.Serving;

public sealed partial class ModelContainer<TInput>
{
    /// <summary>
    /// Connects to the first address of a frontend host that accepts. Each address gets its
    /// own socket: a socket whose connect failed cannot be reused on every platform, and a name
    /// like <c>localhost</c> may resolve to an IPv6 address the frontend does not listen on.
    /// </summary>
    /// <returns>The connected socket, or <see langword="null"/> after logging why not.</returns>
    private async Task<Socket?> TryConnectSocketAsync(string host, int port, ReconnectBackoff backoff, CancellationToken stoppingOrDraining)
    {
        using var timeout = new CancellationTokenSource(Options.ConnectTimeout, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingOrDraining, timeout.Token);
        Log.Connecting(Logger, host, port);
        string reason;
        try
        {
            IPAddress[] addresses = IPAddress.TryParse(host, out IPAddress? literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, linked.Token).ConfigureAwait(false);
            reason = "the host name resolved to no address";
            foreach (IPAddress address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, port), linked.Token).ConfigureAwait(false);
                    return socket;
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    reason = ex.Message;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
        }
        catch (SocketException ex)
        {
            reason = ex.Message;
        }
        catch (OperationCanceledException) when (!stoppingOrDraining.IsCancellationRequested)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"timed out after {Options.ConnectTimeout.TotalMilliseconds} ms (ConnectTimeout)");
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        Log.ConnectFailed(Logger, host, port, backoff.Attempt + 1, reason);
        return null;
    }
}
