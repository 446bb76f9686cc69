using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Http;

/// <summary>Refusing a prediction that did not present one of its application's API keys.</summary>
internal sealed partial class PredictEndpoint
{
    private Task RefuseKeyAsync(HttpContext context, AppRoute app, KeyCheck check)
    {
        _metrics.KeyRefused(check);

        // Debug only: refusals are counted, and a client that retries without a key would otherwise flood the log.
        // The key is never logged, only why it was refused.
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogKeyRefused(_logger, app.Name, KeyChecks.TagOf(check), context.Connection.RemoteIpAddress?.ToString() ?? "?");
        }

        return check == KeyCheck.Missing
            ? ErrorResponses.ApiKeyMissingAsync(context, app.Name)
            : ErrorResponses.ApiKeyInvalidAsync(context, app.Name);
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "Prediction for {App} from {Remote} refused: API key {Reason}")]
    private static partial void LogKeyRefused(ILogger logger, string app, string reason, string remote);
}
