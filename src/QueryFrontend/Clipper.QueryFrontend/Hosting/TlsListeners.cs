using System.Security.Authentication;
using Clipper.ModelRpc.Security;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Rpc;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Hosting;

/// <summary>The TLS set-up of the frontend's listeners, from its certificate.</summary>
internal static class TlsListeners
{
    /// <summary>Kestrel's HTTPS options for the HTTP ports: the certificate with its intermediates, TLS 1.2 or 1.3, no client certificates.</summary>
    public static HttpsConnectionAdapterOptions Https(TlsServerCertificate certificate) => new()
    {
        ServerCertificate = certificate.Certificate,
        ServerCertificateChain = certificate.Intermediates,
        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
    };

    /// <summary>The RPC port's gate, built when the listener binds (after the services exist); logs that TLS is on.</summary>
    public static RpcTlsGate RpcGate(TlsServerCertificate certificate, IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<RpcTlsGate>();
        TlsLog.Enabled(logger, certificate.Describe());
        return new RpcTlsGate(
            certificate,
            services.GetRequiredService<QueryFrontendOptions>(),
            services.GetRequiredService<FrontendMetrics>(),
            services.GetService<RefusedContainers>(),
            services.GetService<IAlternateRpcProtocol>(),
            logger,
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
    }
}
