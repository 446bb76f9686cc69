using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Oip;

/// <summary>Refusing an inference request that did not present a key of an application linked to the model.</summary>
internal sealed partial class OipInferEndpoint
{
    private Task RefuseKeyAsync(HttpContext context, ModelRoute route, KeyCheck check)
    {
        _metrics.KeyRefused(check);

        // Debug only, as for predictions: refusals are counted, and a client retrying without a key would flood the log.
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogKeyRefused(_logger, route.Name, KeyChecks.TagOf(check), context.Connection.RemoteIpAddress?.ToString() ?? "?");
        }

        return OipResponses.KeyRefusedAsync(context, route, check);
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Debug, Message = "Inference on model {Model} from {Remote} refused: API key {Reason}")]
    private static partial void LogKeyRefused(ILogger logger, string model, string reason, string remote);
}
