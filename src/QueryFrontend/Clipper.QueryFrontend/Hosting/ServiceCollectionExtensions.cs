using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Configuration.Health;
using Clipper.Configuration.Metrics;
using Clipper.Configuration.Watching;
using Clipper.QueryFrontend.ClipperRpc;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Canary;
using Clipper.QueryFrontend.Health;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Membership;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Oip;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;
using Clipper.QueryFrontend.Rpc;
using Clipper.QueryFrontend.Selection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace Clipper.QueryFrontend.Hosting;

/// <summary>Registers the query frontend's parts.</summary>
internal static class ServiceCollectionExtensions
{
    private static readonly Action<Query, int> s_onDeadline = static (query, generation) => query.TryExpire(generation);

    public static IServiceCollection AddQueryFrontend(this IServiceCollection services, QueryFrontendOptions options)
    {
        services.AddPrometheusMetrics("clipper-query-frontend", FrontendMetrics.MeterName);
        services.AddSingleton(options);
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton<RoutingTable>();
        services.AddSingleton(sp => new ModelRegistry(options.TimeProvider, options.Batching));
        services.AddSingleton<PolicyStates>();
        services.AddSingleton<CanaryMonitors>();
        services.AddSingleton<FrontendMetrics>();
        services.AddSingleton(_ => new DeadlineTimer<Query>(options.TimeProvider, s_onDeadline));
        services.AddSingleton<ObjectPool<ParsedInputs>>(_ => new DefaultObjectPool<ParsedInputs>(new ParsedInputsPolicy(), Environment.ProcessorCount * 64));
        services.AddSingleton<PredictEndpoint>();
        services.AddSingleton<FeedbackEndpoint>();
        services.AddOip();
        services.AddSingleton(_ => new ReconnectCounter());
        services.AddSingleton<RpcConnectionHandler>();
        services.AddSingleton<ReplicaIdAllocator>();
        services.AddSingleton(sp => new RefusedContainers(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), options.TimeProvider));

        // Clipper's own model containers, on the same RPC port: told apart by their first byte.
        services.AddSingleton<IAlternateRpcProtocol, ClipperContainerHandler>();
        services.AddClipperConfigurationStore(new RedisStoreOptions { RedisAddress = options.RedisAddress, Password = options.RedisPassword, User = options.RedisUser, ClientName = "clipper-query-frontend" });
        services.AddSingleton(sp => new ConfigurationWatcher(
            sp.GetRequiredService<IConfigurationStore>(), new ConfigurationWatcherOptions(), sp.GetService<ILogger<ConfigurationWatcher>>(), options.TimeProvider));
        services.AddSingleton<RedisReplicaDirectory>();
        services.AddSingleton<IReplicaDirectory>(sp => sp.GetRequiredService<RedisReplicaDirectory>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisReplicaDirectory>());
        services.AddHostedService<ConfigurationFollower>();
        services.AddHostedService<PolicyStateFollower>();
        services.AddHostedService<CanaryPublisher>();
        services.AddSingleton<FrontendMembership>();
        services.AddSingleton<IFrontendMembership>(sp => sp.GetRequiredService<FrontendMembership>());
        services.AddHostedService(sp => sp.GetRequiredService<FrontendMembership>());
        services.AddSingleton<ShutdownDelay>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDelay>());
        services.AddSingleton<FrontendReadiness>();
        return services;
    }

    public static IEndpointRouteBuilder MapQueryFrontendEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var predict = endpoints.ServiceProvider.GetRequiredService<PredictEndpoint>();
        endpoints.MapPost("/{app}/predict", predict.HandleAsync);
        endpoints.MapPost("/{app}/update", endpoints.ServiceProvider.GetRequiredService<FeedbackEndpoint>().HandleAsync);
        endpoints.MapOip();
        var metrics = endpoints.ServiceProvider.GetRequiredService<FrontendMetrics>();
        var models = endpoints.ServiceProvider.GetRequiredService<ModelRegistry>();
        var refused = endpoints.ServiceProvider.GetRequiredService<RefusedContainers>();
        // Prometheus's scrapes were answered by the exporter ahead of the endpoints (QueryFrontendServer): what reaches here asked for JSON.
        endpoints.MapGet(PrometheusEndpoint.Path, (HttpContext context) => MetricsEndpoint.WriteAsync(context, metrics, models, refused));
        // GET /ready stays for the load balancers configured with it; it answers as GET /readyz does.
        var readiness = endpoints.ServiceProvider.GetRequiredService<FrontendReadiness>();
        HealthEndpoints.Map(endpoints, _ => ValueTask.FromResult(readiness.Check()), HealthEndpoints.ReadinessPath, "/ready");
        endpoints.MapGet("/", () => Results.Text("Clipper query frontend. POST /{app}/predict with {\"input\": ...} or {\"input_batch\": [...]}.\n"));
        return endpoints;
    }
}
