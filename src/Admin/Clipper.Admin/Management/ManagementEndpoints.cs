using Clipper.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Clipper.Admin.Management;

/// <summary>
/// Maps Clipper's <c>/admin</c> paths (and ours beside them: <c>get_query_frontends</c>, the API key operations, <c>set_model_link</c>, <c>set_app_policy</c>, the canary operations) to the handlers: every operation is a
/// POST with a JSON body, as in Clipper, checked by <see cref="AdminAccess"/> first, as is <c>GET /prometheus/targets</c> (<see cref="PrometheusTargetsEndpoint"/>). <c>GET /admin/ping</c> stays open: probes call it; so does <c>GET /metrics</c> (Prometheus's text, no secret in it).
/// </summary>
internal static class ManagementEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, ManagementHandlers handlers, ManagementFrontendOptions options, AdminAccess access, ManagementMetrics metrics, ILogger logger)
    {
        var limits = new LimitReplies(options);
        Post(routes, access, "add_app", RequestSchemas.AddApplication, limits, metrics, handlers.AddApplicationAsync, logger);
        Post(routes, access, "delete_app", RequestSchemas.ApplicationName, limits, metrics, handlers.DeleteApplicationAsync, logger);
        Post(routes, access, "add_model_links", RequestSchemas.ModelLinks, limits, metrics, handlers.AddModelLinksAsync, logger);
        Post(routes, access, "delete_model_links", RequestSchemas.ModelLinks, limits, metrics, handlers.DeleteModelLinksAsync, logger);
        Post(routes, access, "set_model_link", RequestSchemas.SetModelLink, limits, metrics, handlers.SetModelLinkAsync, logger);
        Post(routes, access, "set_app_policy", RequestSchemas.SetAppPolicy, limits, metrics, handlers.SetAppPolicyAsync, logger);
        Post(routes, access, "add_model", RequestSchemas.AddModel, limits, metrics, handlers.AddModelAsync, logger);
        Post(routes, access, "delete_versioned_model", RequestSchemas.ModelVersion, limits, metrics, handlers.DeleteVersionedModelAsync, logger);
        Post(routes, access, "set_model_version", RequestSchemas.ModelVersion, limits, metrics, handlers.SetModelVersionAsync, logger);
        Post(routes, access, "get_all_applications", RequestSchemas.Verbose, limits, metrics, handlers.GetAllApplicationsAsync, logger);
        Post(routes, access, "get_application", RequestSchemas.ApplicationName, limits, metrics, handlers.GetApplicationAsync, logger);
        Post(routes, access, "get_linked_models", RequestSchemas.LinkedModels, limits, metrics, handlers.GetLinkedModelsAsync, logger);
        Post(routes, access, "get_all_models", RequestSchemas.Verbose, limits, metrics, handlers.GetAllModelsAsync, logger);
        Post(routes, access, "get_model", RequestSchemas.ModelVersion, limits, metrics, handlers.GetModelAsync, logger);
        Post(routes, access, "get_all_containers", RequestSchemas.Verbose, limits, metrics, handlers.GetAllContainersAsync, logger);
        Post(routes, access, "get_container", RequestSchemas.Container, limits, metrics, handlers.GetContainerAsync, logger);
        Post(routes, access, "get_query_frontends", RequestSchemas.Empty, limits, metrics, handlers.GetQueryFrontendsAsync, logger);
        Post(routes, access, "add_api_key", RequestSchemas.AddApiKey, limits, metrics, handlers.AddApiKeyAsync, logger);
        Post(routes, access, "get_api_keys", RequestSchemas.LinkedModels, limits, metrics, handlers.GetApiKeysAsync, logger);
        Post(routes, access, "delete_api_key", RequestSchemas.ApiKeyId, limits, metrics, handlers.DeleteApiKeyAsync, logger);
        Post(routes, access, "set_require_key", RequestSchemas.RequireKey, limits, metrics, handlers.SetRequireKeyAsync, logger);
        Post(routes, access, "start_canary", RequestSchemas.StartCanary, limits, metrics, handlers.StartCanaryAsync, logger);
        Post(routes, access, "get_canary", RequestSchemas.LinkedModels, limits, metrics, handlers.GetCanaryAsync, logger);
        Post(routes, access, "promote_canary", RequestSchemas.LinkedModels, limits, metrics, handlers.PromoteCanaryAsync, logger);
        Post(routes, access, "rollback_canary", RequestSchemas.LinkedModels, limits, metrics, handlers.RollBackCanaryAsync, logger);
        Get(routes, access, PrometheusTargetsEndpoint.Path, PrometheusTargetsEndpoint.Operation, metrics, handlers.GetPrometheusTargetsAsync, logger);
        routes.MapGet("/admin/ping", new RequestDelegate(context => Reply.Text("PONG").WriteAsync(context.Response, context.RequestAborted)));
    }

    private static void Post(
        IEndpointRouteBuilder routes,
        AdminAccess access,
        string operation,
        string schema,
        LimitReplies limits,
        ManagementMetrics metrics,
        Func<JsonRequest, CancellationToken, Task<Reply>> handler,
        ILogger logger) =>
        Map(routes, HttpMethods.Post, "/admin/" + operation, operation, access, metrics, logger, context => ReadAndHandleAsync(context, schema, limits, handler));

    /// <summary>An operation without a body, on <c>GET</c> (Prometheus's service discovery), under the same access rule, metrics and logs.</summary>
    private static void Get(
        IEndpointRouteBuilder routes,
        AdminAccess access,
        string path,
        string operation,
        ManagementMetrics metrics,
        Func<CancellationToken, Task<Reply>> handler,
        ILogger logger) =>
        Map(routes, HttpMethods.Get, path, operation, access, metrics, logger, context => handler(context.RequestAborted));

    private static void Map(
        IEndpointRouteBuilder routes,
        string method,
        string path,
        string operation,
        AdminAccess access,
        ManagementMetrics metrics,
        ILogger logger,
        Func<HttpContext, Task<Reply>> work)
    {
        routes.MapMethods(path, [method], new RequestDelegate(async context =>
        {
            // Checked before the body is read: a caller without the token learns nothing of the operation.
            var reply = access.Check(context, operation) ?? await AnswerAsync(context, operation, metrics, logger, work).ConfigureAwait(false);
            metrics.Answered(operation, reply.StatusCode);
            await reply.WriteAsync(context.Response, context.RequestAborted).ConfigureAwait(false);
        }));
    }

    /// <summary>Runs an operation: its reply logged, or 503 when Redis is unavailable.</summary>
    private static async Task<Reply> AnswerAsync(HttpContext context, string operation, ManagementMetrics metrics, ILogger logger, Func<HttpContext, Task<Reply>> work)
    {
        Reply reply;
        try
        {
            reply = await work(context).ConfigureAwait(false);
        }
        catch (ConfigurationStoreException ex)
        {
            ManagementLog.StoreUnavailable(logger, operation, ex);
            metrics.StoreFailed(operation);
            return Reply.Unavailable(ex.Message);
        }

        if (reply.StatusCode == StatusCodes.Status200OK)
        {
            ManagementLog.Handled(logger, operation);
        }
        else
        {
            ManagementLog.Refused(logger, operation, reply.StatusCode, reply.Body);
        }

        return reply;
    }

    private static async Task<Reply> ReadAndHandleAsync(HttpContext context, string schema, LimitReplies limits, Func<JsonRequest, CancellationToken, Task<Reply>> handler)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            using var request = await JsonRequest.ReadAsync(context.Request, schema, limits.MaxJsonDepth, cancellationToken).ConfigureAwait(false);
            return request.Error is { } parseError
                ? Reply.BadRequest(parseError)
                : await handler(request, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's limits (the body's size and arrival rate) surface here when the body is read.
            return limits.For(ex);
        }
    }
}
