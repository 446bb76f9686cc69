using System.Globalization;
using Clipper.QueryFrontend.Routing;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Http;

/// <summary>The frontend's refusals, each <c>{"error", "cause"}</c> with a status that says who must act.</summary>
internal static class ErrorResponses
{
    public static Task UnknownAppAsync(HttpContext context, string app) =>
        WriteAsync(context, StatusCodes.Status404NotFound, "Unknown application",
            $"No application named '{app}' is registered. Register it with the management frontend (POST /admin/add_app) and link a model to it.");

    /// <summary>401 for a prediction to an application that requires an API key, which the request did not send.</summary>
    public static Task ApiKeyMissingAsync(HttpContext context, string app)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"clipper\"";
        return WriteAsync(context, StatusCodes.Status401Unauthorized, "API key required",
            $"Application '{app}' requires an API key: send it as 'Authorization: Bearer ck_...' or '{ApiKeyHeaders.KeyHeader}: ck_...'. Keys are made with 'clipper app-key create {app}' (POST /admin/add_api_key).");
    }

    /// <summary>401 for a key that is malformed, unknown, revoked or wrong. The key is never repeated.</summary>
    public static Task ApiKeyInvalidAsync(HttpContext context, string app)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"clipper\", error=\"invalid_token\"";
        return WriteAsync(context, StatusCodes.Status401Unauthorized, "Invalid API key",
            $"invalid API key: the key sent is not one of application '{app}''s keys (it is unknown or revoked, or not of the form ck_<key id>_<secret>).");
    }

    public static Task BodyProblemAsync(HttpContext context, RequestBodyStatus status, QueryFrontendOptions options)
    {
        // The body was not read to its end, so the connection cannot carry another request: say so, or a client that
        // keeps connections alive sends its next request on one the server is closing.
        context.Response.Headers.Connection = "close";
        return WriteBodyProblemAsync(context, status, options);
    }

    private static Task WriteBodyProblemAsync(HttpContext context, RequestBodyStatus status, QueryFrontendOptions options) => status switch
    {
        RequestBodyStatus.TooLarge => WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"The request body is larger than {options.MaxRequestBodyBytes.ToString(CultureInfo.InvariantCulture)} bytes (option MaxRequestBodyBytes). Send fewer inputs per request."),
        RequestBodyStatus.TooSlow => WriteAsync(context, StatusCodes.Status408RequestTimeout, "Request body too slow", string.Create(CultureInfo.InvariantCulture,
            $"The request body arrived slower than {options.MinRequestBodyBytesPerSecond} bytes per second after a grace period of {options.MinRequestBodyRateGracePeriod.TotalSeconds} s (option MinRequestBodyBytesPerSecond); the connection is closed.")),
        _ => WriteAsync(context, StatusCodes.Status400BadRequest, "Json error", "The request body could not be read to its end."),
    };

    public static Task BadRequestAsync(HttpContext context, string error, string cause) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, error, cause);

    public static Task QueueFullAsync(HttpContext context, AppRoute app)
    {
        context.Response.Headers.RetryAfter = "1";
        var model = app.Target?.Key.ToString() ?? app.ModelName ?? "(none)";
        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Model queue full",
            $"Model {model} already holds its maximum of queued queries (option Batching.QueueCapacity); retry after 1 second or add replicas.");
    }

    /// <summary>Feedback that could not be stored (Redis did not take it): 503, to retry.</summary>
    public static Task FeedbackNotStoredAsync(HttpContext context, string app) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Feedback not stored",
            $"The feedback for application {app} could not be stored (Redis did not take it in time), so no model learned from it; retry after 1 second.");

    private static Task WriteAsync(HttpContext context, int status, string error, string cause)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        PredictResponseWriter.WriteError(response.BodyWriter, error, cause);
        return Task.CompletedTask;
    }
}
