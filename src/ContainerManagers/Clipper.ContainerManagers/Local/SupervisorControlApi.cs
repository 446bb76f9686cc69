using Clipper.ModelRpc.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// The supervisor's control API on loopback, used by <see cref="LocalProcessContainerManager"/>: status,
/// start, deploy, scale (replicas and frontends), stop, logs and shutdown. Refusals are JSON <see cref="ControlError"/>s.
/// </summary>
internal static class SupervisorControlApi
{
    /// <summary>The header that carries the control token.</summary>
    public const string TokenHeader = "X-Clipper-Control-Token";

    /// <summary>How long a frontend started by a scale-up may take to answer.</summary>
    public static readonly TimeSpan FrontendStartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Refuses every request without the supervisor's token: the API runs commands, so a local port is not protection enough.</summary>
    public static void RequireToken(IApplicationBuilder app, string token)
    {
        var expected = System.Text.Encoding.ASCII.GetBytes(token);
        app.Use(async (context, next) =>
        {
            var given = context.Request.Headers[TokenHeader].ToString();
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(given), expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new ControlError($"The control API needs the {TokenHeader} header from the cluster's state file.")).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    public static void Map(IEndpointRouteBuilder routes, LocalClusterSupervisor supervisor, IHostApplicationLifetime lifetime)
    {
        routes.MapGet("/status", () => Results.Json(supervisor.GetStatus()));
        routes.MapPost("/cluster/start", async (ClusterStartOptions options, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Json(await supervisor.StartClusterAsync(options, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is ContainerManagerException or OperationCanceledException)
            {
                // A cluster that did not start leaves nothing behind: not its parts, not this supervisor.
                await supervisor.ShutdownAsync(graceful: false).ConfigureAwait(false);
                lifetime.StopApplication();
                return Error(StatusCodes.Status409Conflict, ex is ContainerManagerException ? ex.Message : "The start was abandoned by its caller.");
            }
        });
        routes.MapPost("/models/deploy", async (ModelDeployment deployment) =>
            await GuardAsync(async () =>
            {
                await supervisor.DeployAsync(deployment).ConfigureAwait(false);
                return Results.NoContent();
            }).ConfigureAwait(false));
        routes.MapPost("/models/scale", async (ScaleRequest request) =>
            await GuardAsync(async () => await supervisor.TryScaleAsync(request.Model, request.Replicas).ConfigureAwait(false)
                ? Results.NoContent()
                : Error(StatusCodes.Status404NotFound, $"Model version {request.Model} is not deployed on cluster '{supervisor.GetStatus().Cluster}'; deploy it first.")).ConfigureAwait(false));
        routes.MapPost("/frontends/scale", async (FrontendScaleRequest request, CancellationToken cancellationToken) =>
            await GuardAsync(async () => Results.Json(await supervisor.SetFrontendCountAsync(request.Count, FrontendStartTimeout, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false));
        routes.MapGet("/models/{name}/{version}/replicas", (string name, string version) =>
            Results.Json(supervisor.ReplicaCount(new ModelVersionId(name, version))));
        routes.MapPost("/models/stop", async (StopModelsRequest request) =>
        {
            await supervisor.StopModelsAsync(request.Models, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            return Results.NoContent();
        });
        routes.MapPost("/models/stop-all", async () =>
        {
            await supervisor.StopAllModelsAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            return Results.NoContent();
        });
        routes.MapGet("/logs/{id}", (string id, int? lines) =>
            supervisor.TailLog(id, lines ?? 100) is { } tail
                ? Results.Json(tail)
                : Error(StatusCodes.Status404NotFound, $"No process '{id}' runs in cluster '{supervisor.GetStatus().Cluster}'; `status` lists the ids."));
        routes.MapPost("/shutdown", async (ShutdownRequest request) =>
        {
            await supervisor.ShutdownAsync(request.Graceful).ConfigureAwait(false);
            lifetime.StopApplication();
            return Results.NoContent();
        });
    }

    private static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ContainerManagerException ex)
        {
            return Error(StatusCodes.Status409Conflict, ex.Message);
        }
    }

    private static IResult Error(int status, string message) => Results.Json(new ControlError(message), statusCode: status);
}
