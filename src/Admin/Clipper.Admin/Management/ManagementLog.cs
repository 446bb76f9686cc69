using Microsoft.Extensions.Logging;

namespace Clipper.Admin.Management;

/// <summary>The management frontend's log messages.</summary>
internal static partial class ManagementLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Management frontend listening on {Addresses}, configuration in Redis at {RedisAddress} (prefix '{KeyPrefix}')")]
    public static partial void Listening(ILogger logger, string addresses, string redisAddress, string keyPrefix);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "/admin/{Operation} succeeded")]
    public static partial void Handled(ILogger logger, string operation);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "/admin/{Operation} refused with {StatusCode}: {Message}")]
    public static partial void Refused(ILogger logger, string operation, int statusCode, string message);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "/admin/{Operation} failed: the configuration store is unavailable")]
    public static partial void StoreUnavailable(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "/admin/{Operation} from {Remote} refused: {Reason}")]
    public static partial void AdminRefused(ILogger logger, string operation, string remote, string reason);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Information, Message = "Admin access: {Access}")]
    public static partial void Access(ILogger logger, string access);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Not ready: {Reason}")]
    public static partial void NotReady(ILogger logger, string reason);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information, Message = "Ready: Redis answers again")]
    public static partial void ReadyAgain(ILogger logger);
}
