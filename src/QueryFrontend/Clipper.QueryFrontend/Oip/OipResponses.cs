using System.Globalization;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Oip;

/// <summary>The protocol's refusals: <c>{"error": ...}</c> with a status that says who must act.</summary>
internal static class OipResponses
{
    public static Task ErrorAsync(HttpContext context, int status, string message)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        OipResponseWriter.WriteError(response.BodyWriter, message);
        return Task.CompletedTask;
    }

    public static Task KeyRefusedAsync(HttpContext context, ModelRoute route, KeyCheck check)
    {
        if (check == KeyCheck.Missing)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"clipper\"";
            return ErrorAsync(context, StatusCodes.Status401Unauthorized,
                $"API key required: model '{route.Name}' is linked to applications that require an API key ({route.KeyApps}); send a key of one of them as 'Authorization: Bearer ck_...' or '{ApiKeyHeaders.KeyHeader}: ck_...'.");
        }

        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"clipper\", error=\"invalid_token\"";
        return ErrorAsync(context, StatusCodes.Status401Unauthorized,
            $"invalid API key: the key sent is not a key of the applications linked to model '{route.Name}' ({route.KeyApps}); it is unknown or revoked, or not of the form ck_<key id>_<secret>.");
    }

    public static Task BodyProblemAsync(HttpContext context, RequestBodyStatus status, QueryFrontendOptions options)
    {
        // The body was not read to its end, so the connection cannot carry another request.
        context.Response.Headers.Connection = "close";
        return status switch
        {
            RequestBodyStatus.TooLarge => ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"The request body is larger than {options.MaxRequestBodyBytes} bytes (option MaxRequestBodyBytes); send fewer rows per request.")),
            RequestBodyStatus.TooSlow => ErrorAsync(context, StatusCodes.Status408RequestTimeout, string.Create(CultureInfo.InvariantCulture,
                $"The request body arrived slower than {options.MinRequestBodyBytesPerSecond} bytes per second (option MinRequestBodyBytesPerSecond); the connection is closed.")),
            _ => ErrorAsync(context, StatusCodes.Status400BadRequest, "The request body could not be read to its end."),
        };
    }

    public static Task QueueFullAsync(HttpContext context, in OipTarget target)
    {
        context.Response.Headers.RetryAfter = "1";
        return ErrorAsync(context, StatusCodes.Status503ServiceUnavailable,
            $"Model {target.Runtime.Key} already holds its maximum of queued queries (option Batching.QueueCapacity); retry after 1 second or add replicas.");
    }

    /// <summary>
    /// A row of a model linked to no application was not answered by the model: with no default output to give, the
    /// request fails (503 when no replica could take it, 504 when the objective passed, 500 when the model failed on it).
    /// </summary>
    public static Task NoDefaultAsync(HttpContext context, in OipTarget target, int row, Query query)
    {
        var status = query.DefaultReason switch
        {
            DefaultReason.ObjectiveMissed => StatusCodes.Status504GatewayTimeout,
            DefaultReason.ModelError => StatusCodes.Status500InternalServerError,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        return ErrorAsync(context, status, string.Create(CultureInfo.InvariantCulture,
            $"Model {target.Runtime.Key} gave no answer for row {row}: {OipInference.Explain(query)}. The model is linked to no application, so it has no default output to answer with (its latency objective, {target.Route.LatencyObjective.TotalMilliseconds} ms, is option OipLatencyObjective, --oip-latency-slo-ms)."));
    }
}
