using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>Logging.</summary>
public sealed partial class RedisConfigurationStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Configuration change {Operation} {Subject} applied at revision {Revision}")]
        public static partial void ChangeApplied(ILogger logger, string operation, string subject, long revision);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Configuration change {Operation} {Subject} refused: {Error}")]
        public static partial void ChangeRefused(ILogger logger, string operation, string subject, string error);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Configuration change {Operation} {Subject} raced another change (attempt {Attempt}); retrying against the new state")]
        public static partial void ChangeRaced(ILogger logger, string operation, string subject, int attempt);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "The configuration changed while a snapshot was read (attempt {Attempt}); reading again")]
        public static partial void LoadRaced(ILogger logger, int attempt);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Ignoring a malformed configuration record at {Key}: {Reason}")]
        public static partial void MalformedRecord(ILogger logger, string key, string reason);

        [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Lost the {ConnectionType} connection to Redis at {Endpoint} ({FailureType}): {Reason}")]
        public static partial void ConnectionLost(ILogger logger, string? endpoint, ConnectionType connectionType, ConnectionFailureType failureType, string? reason);

        [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Cannot connect to Redis at {Endpoint} yet; retrying in the background: {Reason}")]
        public static partial void NotConnected(ILogger logger, string endpoint, string reason);

        [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Connection to Redis at {Endpoint} restored ({ConnectionType})")]
        public static partial void ConnectionRestored(ILogger logger, string? endpoint, ConnectionType connectionType);
    }
}
