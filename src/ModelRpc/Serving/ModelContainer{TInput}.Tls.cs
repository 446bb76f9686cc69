using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Clipper.ModelRpc.Security;

namespace Clipper.ModelRpc.Serving;

public sealed partial class ModelContainer<TInput>
{
    /// <summary>Connects to a frontend and, with <see cref="ModelContainerOptions.UseTls"/>, completes the TLS handshake within the same <see cref="ModelContainerOptions.ConnectTimeout"/>.</summary>
    /// <returns>The transport, or <see langword="null"/> after logging why not.</returns>
    private async Task<FrontendTransport?> TryConnectAsync(string host, int port, ReconnectBackoff backoff, CancellationToken stoppingOrDraining)
    {
        var socket = await TryConnectSocketAsync(host, port, backoff, stoppingOrDraining).ConfigureAwait(false);
        if (socket is null)
        {
            return null;
        }

        var plain = new NetworkStream(socket, ownsSocket: true);
        if (_tls is not { } trust)
        {
            return new FrontendTransport(socket, plain);
        }

        var tls = new SslStream(plain, leaveInnerStreamOpen: false);
        string serverName = Options.TlsServerName ?? host;
        using var timeout = new CancellationTokenSource(Options.ConnectTimeout, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingOrDraining, timeout.Token);
        string reason;
        try
        {
            await tls.AuthenticateAsClientAsync(trust.ClientOptions(serverName), linked.Token).ConfigureAwait(false);
            return new FrontendTransport(socket, tls);
        }
        catch (AuthenticationException ex)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"the frontend's certificate for '{serverName}' was refused: {trust.LastFailure ?? ex.Message} (TlsCaPath/CLIPPER_TLS_CA: {trust.CaPath ?? "this machine's CA store"})");
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // A plain frontend closes or answers garbage: the handshake reads no TLS record.
            reason = "the TLS handshake failed (" + ex.Message + "); does the frontend have a certificate (--tls-cert)?";
        }
        catch (OperationCanceledException) when (!stoppingOrDraining.IsCancellationRequested)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"the TLS handshake timed out after {Options.ConnectTimeout.TotalMilliseconds} ms (ConnectTimeout)");
        }
        catch (OperationCanceledException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        await tls.DisposeAsync().ConfigureAwait(false);
        Log.TlsFailed(Logger, host, port, backoff.Attempt + 1, reason);
        return null;
    }
}
