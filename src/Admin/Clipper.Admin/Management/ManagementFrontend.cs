using System.Net;
using System.Security.Authentication;
using Clipper.Admin.Canary;
using Clipper.Configuration.Health;
using Clipper.Configuration.Metrics;
using Clipper.Configuration.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clipper.Admin.Management;

/// <summary>
/// The management frontend: Clipper's <c>/admin</c> REST API (port 1338) over the Redis configuration store.
/// </summary>
public static class ManagementFrontend
{
    /// <summary>
    /// Builds the management frontend. It connects to Redis in the background (it may start before Redis;
    /// requests answer 503 while Redis is away). Run it with <c>RunAsync</c>, or <c>StartAsync</c>/<c>StopAsync</c>.
    /// </summary>
    /// <param name="options">Where to listen and where Redis is; validated now.</param>
    /// <param name="configureLogging">Configures logging; when <see langword="null"/>, logs go to the console.</param>
    /// <returns>The application, not yet started.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public static WebApplication Build(ManagementFrontendOptions options, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var storeOptions = new RedisStoreOptions
        {
            RedisAddress = options.RedisAddress,
            Password = options.RedisPassword,
            User = options.RedisUser,
            KeyPrefix = options.RedisKeyPrefix,
            OperationTimeout = options.RedisOperationTimeout,
            ClientName = "clipper-management",
        };
        storeOptions.Validate();
        var tls = options.LoadTlsCertificate();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(ManagementFrontend).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            ApplyLimits(kestrel.Limits, options);
            kestrel.Listen(IPAddress.Parse(options.BindAddress), options.Port, listen =>
            {
                if (tls is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = tls.Certificate,
                        ServerCertificateChain = tls.Intermediates,
                        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    });
                }
            });
        });
        builder.Services.AddRoutingCore();

        // ASP.NET Core's per-request information lines would drown the configuration changes logged here.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (configureLogging is null)
        {
            builder.Logging.AddSimpleConsole(console => console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ");
        }
        else
        {
            configureLogging(builder.Logging);
        }

        builder.Services.AddClipperConfigurationStore(storeOptions);
        builder.Services.AddSingleton<ManagementHandlers>();
        builder.Services.AddSingleton<ManagementMetrics>();
        builder.Services.AddCanaryController();
        builder.Services.AddPrometheusMetrics("clipper-management", ManagementMetrics.MeterName, CanaryMetrics.MeterName);
        if (tls is not null)
        {
            // Kept for the application's life: Kestrel holds the certificate.
            builder.Services.AddSingleton(tls);
        }

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ManagementFrontend).FullName!);
        var access = new AdminAccess(options, logger);

        // Open like /admin/ping: the counts carry no secret, and Prometheus scrapes without the admin token.
        app.UseOpenTelemetryPrometheusScrapingEndpoint(PrometheusEndpoint.Path);
        ManagementEndpoints.Map(app, app.Services.GetRequiredService<ManagementHandlers>(), options, access, app.Services.GetRequiredService<ManagementMetrics>(), logger);
        Dashboard.DashboardEndpoints.Map(app);
        var readiness = new ManagementReadiness(app.Services.GetRequiredService<RedisConfigurationStore>(), app.Services.GetRequiredService<IServer>(), logger);
        HealthEndpoints.Map(app, readiness.CheckAsync, HealthEndpoints.ReadinessPath);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            ManagementLog.Listening(logger, addresses is null ? "?" : string.Join(", ", addresses), options.RedisAddress, options.RedisKeyPrefix);
            ManagementLog.Access(logger, access.Describe());
        });
        return app;
    }

    private static void ApplyLimits(KestrelServerLimits limits, ManagementFrontendOptions options)
    {
        // One listener: Kestrel's connection limit bounds exactly this API.
        limits.MaxConcurrentConnections = options.MaxConcurrentConnections;
        limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        limits.MaxRequestHeadersTotalSize = options.MaxRequestHeadersBytes;

        // Kestrel refuses to start when the request line may be longer than all the headers together.
        limits.MaxRequestLineSize = Math.Min(limits.MaxRequestLineSize, options.MaxRequestHeadersBytes);
        limits.MaxRequestHeaderCount = options.MaxRequestHeaderCount;
        limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = options.MinRequestBodyBytesPerSecond > 0
            ? new MinDataRate(options.MinRequestBodyBytesPerSecond, options.MinRequestBodyRateGracePeriod)
            : null;
    }
}
