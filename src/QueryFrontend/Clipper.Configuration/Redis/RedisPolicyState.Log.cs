using Microsoft.Extensions.Logging;

namespace Clipper.Configuration.Redis;

/// <summary>Logging.</summary>
public sealed partial class RedisPolicyState
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "The learned weight of model {Model} in application {Application} was not a number; replaced with this feedback's update")]
        public static partial void ReplacedUnreadable(ILogger logger, string application, string model);
    }
}
