using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Rpc;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Hosting;

/// <summary>
/// The RPC listener's connection middleware on a frontend with a certificate, placed before the RPC handler. It tells
/// connections apart by their first byte: <c>0x16</c> (a TLS handshake record) is answered as a TLS server, and the
/// handler then serves our protocol over the decrypted pipes; Clipper's ZeroMQ greeting (<c>0xFF</c>) passes in plain,
/// since Clipper's containers cannot do TLS; anything else is our protocol in plain, passed from loopback only and
/// refused from the network like a join (a Goodbye, a log line, the join refusal counter), so that a TLS cluster never
/// takes queries and join tokens in clear from another host. Without a certificate the middleware is not installed.
/// </summary>
internal sealed class RpcTlsGate
{
    /// <summary>The first byte of every TLS connection: the content type of a handshake record.</summary>
    public const byte TlsHandshakeRecord = 0x16;

    private const string PlainRefusal = "this frontend has a TLS certificate, so it accepts our protocol in plain TCP from loopback only; connect over TLS (set CLIPPER_TLS_CA in the container to the cluster's CA file)";

    private static readonly StreamPipeReaderOptions s_readerOptions = new(bufferSize: 64 * 1024, leaveOpen: true);
    private static readonly StreamPipeWriterOptions s_writerOptions = new(leaveOpen: true);

    private readonly SslServerAuthenticationOptions _server;
    private readonly QueryFrontendOptions _options;
    private readonly FrontendMetrics _metrics;
    private readonly RefusedContainers? _refused;
    private readonly IAlternateRpcProtocol? _alternate;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;

    public RpcTlsGate(TlsServerCertificate certificate, QueryFrontendOptions options, FrontendMetrics metrics, RefusedContainers? refused, IAlternateRpcProtocol? alternate, ILogger logger, CancellationToken stopping)
    {
        _server = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate.CreateContext(),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
        };
        _options = options;
        _metrics = metrics;
        _refused = refused;
        _alternate = alternate;
        _logger = logger;
        _stopping = stopping;
    }

    /// <summary>The middleware, in front of <paramref name="next"/> (the RPC handler).</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => OnConnectedAsync(connection, next);

    private async Task OnConnectedAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        byte? first = await RpcPeer.PeekFirstByteAsync(connection, _options, _stopping).ConfigureAwait(false);
        if (first == TlsHandshakeRecord)
        {
            await ServeOverTlsAsync(connection, next).ConfigureAwait(false);
            return;
        }

        // An empty or silent connection goes on too: the handler reports it as it does on a plain frontend.
        if (first is not { } value || _alternate?.Recognizes(value) == true || RpcPeer.IsLocal(connection.RemoteEndPoint))
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        var remote = connection.RemoteEndPoint?.ToString() ?? "unknown";
        TlsLog.PlainRefused(_logger, remote, PlainRefusal);
        _metrics.JoinRefused();
        _refused?.Record(ReplicaProtocols.ModelRpc, remote, "", PlainRefusal);
        try
        {
            MessageCodec.WriteGoodbye(connection.Transport.Output, new GoodbyeMessage(PlainRefusal));
            await connection.Transport.Output.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or InvalidOperationException)
        {
            // The peer is already gone.
        }
    }

    private async Task ServeOverTlsAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var plain = connection.Transport;
        var remote = connection.RemoteEndPoint?.ToString() ?? "unknown";
        await using var tls = new SslStream(new DuplexPipeStream(plain), leaveInnerStreamOpen: false);
        using (var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _options.TimeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping))
        {
            string? failure = null;
            try
            {
                await tls.AuthenticateAsServerAsync(_server, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                failure = _stopping.IsCancellationRequested ? "the frontend is stopping" : $"it did not complete within the handshake timeout ({_options.HandshakeTimeout.TotalSeconds:0.#} s, option HandshakeTimeout)";
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or ConnectionResetException)
            {
                failure = ex.InnerException is { } inner ? ex.Message + " " + inner.Message : ex.Message;
            }

            if (failure is not null)
            {
                TlsLog.HandshakeFailed(_logger, remote, failure);
                _metrics.ProtocolError();
                _refused?.Record(ReplicaProtocols.ModelRpc, remote, "", "TLS handshake failed: " + failure);
                return;
            }
        }

        var secured = new SecuredTransport(PipeReader.Create(tls, s_readerOptions), PipeWriter.Create(tls, s_writerOptions));
        connection.Transport = secured;
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            connection.Transport = plain;
            await secured.Input.CompleteAsync().ConfigureAwait(false);
            await CloseAsync(tls, secured.Output).ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is still buffered, then TLS's close_notify, so the container reads a clean end.</summary>
    private static async Task CloseAsync(SslStream tls, PipeWriter output)
    {
        try
        {
            await output.CompleteAsync().ConfigureAwait(false);
            await tls.ShutdownAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or InvalidOperationException or ObjectDisposedException)
        {
            // The container is gone; there is nothing left to tell it.
        }
    }
}
