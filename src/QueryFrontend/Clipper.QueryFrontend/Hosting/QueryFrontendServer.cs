using System.Net;
using Clipper.Configuration.Metrics;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Membership;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.OipGrpc;
using Clipper.QueryFrontend.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Hosting;

/// <summary>
/// A query frontend process: Kestrel serving predictions over HTTP and model containers on the
/// RPC port, following the configuration in Redis.
/// </summary>
public sealed class QueryFrontendServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private QueryFrontendServer(WebApplication app, QueryFrontendOptions options)
    {
        _app = app;
        Options = options;
    }

    /// <summary>The settings the server runs with.</summary>
    public QueryFrontendOptions Options { get; }

    /// <summary>The HTTP port actually bound (differs from the option when that was 0). Valid after start.</summary>
    public int HttpPort { get; private set; }

    /// <summary>The RPC port actually bound. Valid after start.</summary>
    public int RpcPort { get; private set; }

    /// <summary>The gRPC port actually bound, or null without one (<see cref="QueryFrontendOptions.GrpcPort"/>). Valid after start.</summary>
    public int? GrpcPort { get; private set; }

    /// <summary>The server's parts, for tests that wait on them (the configuration watcher...).</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>Builds a server; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="configureLogging">Optional logging set-up (console logging by default).</param>
    /// <returns>The server.</returns>
    public static QueryFrontendServer Create(QueryFrontendOptions options, Action<ILoggingBuilder>? configureLogging = null)
    {
        options.Validate();
        var tls = options.LoadTlsCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();

        // ASP.NET Core logs four information lines per request: on the prediction path that is more
        // work than the serving itself (measured: they halved the throughput). Warnings and errors still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Hosting logs nothing above Information, but while its logger is enabled at all, it starts an Activity and a
        // log scope for every request (about 600 B of allocations each); a tracing listener still gets its spans.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        if (configureLogging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            configureLogging(builder.Logging);
        }

        // A stop (SIGTERM) serves on for ShutdownDelay (not ready), closes both listeners, lets every open
        // request finish within DrainTimeout while the replicas keep serving, then says goodbye to the containers.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownDelay + options.DrainTimeout);
        var httpConnections = new HttpConnectionGauge();
        var connectionLimit = new HttpConnectionLimit(httpConnections, options.MaxConcurrentConnections);
        void ServeHttp(ListenOptions listen)
        {
            listen.Protocols = HttpProtocols.Http1;
            if (tls is not null)
            {
                // TLS first, so that a connection refused for the limit below reads its 503 over TLS.
                listen.UseHttps(TlsListeners.Https(tls));
            }

            // Built when the listener binds, after the services exist.
            listen.Use(next => connectionLimit.Wrap(next, listen.ApplicationServices.GetRequiredService<FrontendMetrics>()));
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(options.BindAddress);
            KestrelLimits.Apply(kestrel.Limits, options);
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, options.HttpPort, ServeHttp);
            kestrel.Listen(address, options.RpcPort, listen =>
            {
                if (tls is not null)
                {
                    listen.Use(next => TlsListeners.RpcGate(tls, listen.ApplicationServices).Wrap(next));
                }

                listen.UseConnectionHandler<RpcConnectionHandler>();
            });
            if (options.SharedHttpPort > 0)
            {
                kestrel.Listen(address, options.SharedHttpPort, ServeHttp);
            }

            if (options.GrpcPort is { } grpcPort)
            {
                // HTTP/2 only: h2 over TLS (ALPN) with a certificate, h2c (prior knowledge) without.
                kestrel.Listen(address, grpcPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    if (tls is not null)
                    {
                        listen.UseHttps(TlsListeners.Https(tls));
                    }

                    listen.Use(OipGrpcEndpoints.MarkGrpcConnections);
                });
            }
        });
        var sharedPort = new SharedPortListener(options.SharedHttpPort);
        if (options.SharedHttpPort > 0)
        {
            // Only the shared port joins a SO_REUSEPORT group; the frontend's own ports stay exclusive.
            builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = sharedPort.Bind);
        }

        builder.Services.AddSingleton(sharedPort);

        builder.Services.AddSingleton(httpConnections);
        if (tls is not null)
        {
            // Kept for the server's life: Kestrel and the RPC gate hold the certificate.
            builder.Services.AddSingleton(tls);
        }

        builder.Services.AddQueryFrontend(options);
        if (options.GrpcPort is not null)
        {
            builder.Services.AddOipGrpc(options);
        }

        var app = builder.Build();
        if (options.GrpcPort is not null)
        {
            // First: the gRPC port serves gRPC only, not even a scrape of /metrics.
            app.UseGrpcPortSeparation();
            app.MapOipGrpc();
        }

        // Predictions for known applications are served ahead of the router (PredictEndpoint.InvokeAsync), so routing
        // comes after it rather than first, where the host would put it.
        app.Use(app.Services.GetRequiredService<PredictEndpoint>().InvokeAsync);
        app.UseRouting();
        app.UsePrometheusMetrics();
        app.MapQueryFrontendEndpoints();
        return new QueryFrontendServer(app, options);
    }

    /// <summary>Binds both ports and starts following the configuration.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var ports = BoundPorts.Read(_app.Services.GetRequiredService<IServer>());
        // Kestrel lists the endpoints in the order they were configured: HTTP first, then RPC, the shared port, gRPC.
        HttpPort = ports.Count > 0 ? ports[0] : Options.HttpPort;
        RpcPort = ports.Count > 1 ? ports[1] : Options.RpcPort;
        var grpcIndex = Options.SharedHttpPort > 0 ? 3 : 2;
        GrpcPort = Options.GrpcPort is null ? null : ports.Count > grpcIndex ? ports[grpcIndex] : Options.GrpcPort;
    }

    /// <summary>Waits until the process is asked to stop (SIGTERM, Ctrl+C) or the token is cancelled.</summary>
    /// <param name="cancellationToken">Ends the wait.</param>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening, answers every open request (within <see cref="QueryFrontendOptions.DrainTimeout"/>), then says goodbye to every container.</summary>
    /// <param name="cancellationToken">Cuts the graceful stop short.</param>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
