using System.Reflection;
using Clipper.QueryFrontend.Health;
using Clipper.QueryFrontend.Routing;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Oip;

/// <summary>
/// The protocol's health and metadata endpoints. Health answers carry no body: 200 means true, 400 false, as the
/// protocol says (a 4xx status is false); an unknown model is 404 with an error object.
/// </summary>
internal sealed class OipHealthEndpoints
{
    /// <summary>The server name in <c>GET /v2</c>.</summary>
    public const string ServerName = "clipper";

    private static readonly string s_version = typeof(OipHealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The server version the protocol's server metadata reports, over every transport.</summary>
    public static string ServerVersion => s_version;

    private readonly RoutingTable _routing;
    private readonly FrontendReadiness _readiness;

    public OipHealthEndpoints(RoutingTable routing, FrontendReadiness readiness)
    {
        _routing = routing;
        _readiness = readiness;
    }

    /// <summary>The server is live while it answers at all.</summary>
    public static Task LiveAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    /// <summary>Ready as <c>GET /readyz</c> says: a configuration was loaded from Redis, the listeners are up, and the frontend is not draining.</summary>
    public bool IsReady => _readiness.IsReady;

    public Task ReadyAsync(HttpContext context)
    {
        context.Response.StatusCode = IsReady ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return Task.CompletedTask;
    }

    public static Task ServerMetadataAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        OipResponseWriter.WriteServerMetadata(context.Response.BodyWriter, ServerName, s_version, []);
        return Task.CompletedTask;
    }

    public Task ModelMetadataAsync(HttpContext context) => WithModelAsync(context, static (context, target) =>
    {
        context.Response.ContentType = "application/json";
        OipResponseWriter.WriteModelMetadata(context.Response.BodyWriter, target);
    });

    public Task ModelReadyAsync(HttpContext context) => WithModelAsync(context, static (context, target) =>
        context.Response.StatusCode = target.IsReady ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);

    private Task WithModelAsync(HttpContext context, Action<HttpContext, OipTarget> answer)
    {
        var model = context.Request.RouteValues["model"] as string ?? "";
        var version = context.Request.RouteValues["version"] as string;
        var snapshot = _routing.Current;
        var lookup = OipModels.Resolve(snapshot, model, version, out var target);
        if (lookup != OipLookup.Found)
        {
            return OipResponses.ErrorAsync(context, StatusCodes.Status404NotFound, OipModels.Describe(lookup, snapshot, model, version));
        }

        answer(context, target);
        return Task.CompletedTask;
    }
}
