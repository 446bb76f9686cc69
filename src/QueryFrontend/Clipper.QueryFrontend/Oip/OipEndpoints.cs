using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clipper.QueryFrontend.Oip;

/// <summary>Registers and maps the Open Inference Protocol (v2) REST endpoints beside Clipper's own.</summary>
internal static class OipEndpoints
{
    public static IServiceCollection AddOip(this IServiceCollection services)
    {
        services.AddSingleton<OipInference>(sp => new OipInference(
            sp.GetRequiredService<Batching.DeadlineTimer<Queries.Query>>(), sp.GetRequiredService<QueryFrontendOptions>().TimeProvider));
        services.AddSingleton<OipInferEndpoint>();
        services.AddSingleton<OipHealthEndpoints>();
        return services;
    }

    public static IEndpointRouteBuilder MapOip(this IEndpointRouteBuilder endpoints)
    {
        var infer = endpoints.ServiceProvider.GetRequiredService<OipInferEndpoint>();
        var health = endpoints.ServiceProvider.GetRequiredService<OipHealthEndpoints>();
        endpoints.MapGet("/v2", OipHealthEndpoints.ServerMetadataAsync);
        endpoints.MapGet("/v2/health/live", OipHealthEndpoints.LiveAsync);
        endpoints.MapGet("/v2/health/ready", health.ReadyAsync);
        endpoints.MapGet("/v2/models/{model}", health.ModelMetadataAsync);
        endpoints.MapGet("/v2/models/{model}/versions/{version}", health.ModelMetadataAsync);
        endpoints.MapGet("/v2/models/{model}/ready", health.ModelReadyAsync);
        endpoints.MapGet("/v2/models/{model}/versions/{version}/ready", health.ModelReadyAsync);
        endpoints.MapPost("/v2/models/{model}/infer", infer.HandleAsync);
        endpoints.MapPost("/v2/models/{model}/versions/{version}/infer", infer.HandleAsync);
        return endpoints;
    }
}
