using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clipper.QueryFrontend.OipGrpc;

/// <summary>
/// Registers the Open Inference Protocol's gRPC service and keeps each listener to its own protocol: the gRPC port
/// serves <c>inference.GRPCInferenceService</c> only, and the HTTP ports (HTTP/1.1, where gRPC cannot run) never serve it.
/// </summary>
internal static class OipGrpcEndpoints
{
    /// <summary>The connection item that marks a connection accepted on the gRPC port.</summary>
    private const string GrpcConnectionItem = "clipper.grpc";

    public static IServiceCollection AddOipGrpc(this IServiceCollection services, QueryFrontendOptions options)
    {
        services.AddGrpc(grpc =>
        {
            // The same bound as a REST request body: one message is at most MaxRequestBodyBytes.
            grpc.MaxReceiveMessageSize = (int)Math.Min(options.MaxRequestBodyBytes, int.MaxValue);
            grpc.EnableDetailedErrors = false;
        });
        return services;
    }

    /// <summary>The gRPC listener's connection middleware: marks each connection, which the request filter below reads.</summary>
    public static ConnectionDelegate MarkGrpcConnections(ConnectionDelegate next) => connection =>
    {
        connection.Items[GrpcConnectionItem] = true;
        return next(connection);
    };

    /// <summary>Answers 404 to anything but the gRPC service on the gRPC port, and to the gRPC service elsewhere.</summary>
    public static IApplicationBuilder UseGrpcPortSeparation(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var onGrpcPort = context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(GrpcConnectionItem) == true;
        var forGrpc = context.Request.Path.StartsWithSegments(ServicePath, StringComparison.Ordinal);
        if (onGrpcPort != forGrpc)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (onGrpcPort && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // gRPC bounds each message itself (MaxReceiveMessageSize, the same limit) and says so with RESOURCE_EXHAUSTED;
            // Kestrel's body limit would cut the stream first with a reset the client can only report as UNKNOWN.
            bodySize.MaxRequestBodySize = null;
        }

        return next(context);
    });

    public static IEndpointRouteBuilder MapOipGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<OipGrpcService>();
        return endpoints;
    }

    private static PathString ServicePath => new("/inference.GRPCInferenceService");
}
