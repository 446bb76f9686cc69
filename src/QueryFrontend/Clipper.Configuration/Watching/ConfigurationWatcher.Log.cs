using Microsoft.Extensions.Logging;

namespace Clipper.Configuration.Watching;

/// <summary>Logging.</summary>
public sealed partial class ConfigurationWatcher
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Configuration revision {Revision} (epoch {Epoch}): {Applications} applications, {ModelVersions} model versions, {Replicas} replicas")]
        public static partial void SnapshotLoaded(ILogger logger, long revision, string epoch, int applications, int modelVersions, int replicas);

        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Could not load the configuration; keeping revision {Revision} and retrying")]
        public static partial void LoadFailed(ILogger logger, long revision, Exception exception);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Loading the configuration took longer than {Timeout}; keeping revision {Revision} and retrying")]
        public static partial void LoadTimedOut(ILogger logger, TimeSpan timeout, long revision);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Following the configuration store from revision {Revision}")]
        public static partial void Synchronized(ILogger logger, long revision);

        [LoggerMessage(EventId = 1204, Level = LogLevel.Debug, Message = "Configuration change notified: {Notification}")]
        public static partial void NotificationReceived(ILogger logger, string notification);

        [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "A configuration change handler failed")]
        public static partial void ChangedHandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "Lost the connection to the configuration store; serving revision {Revision} until it is back")]
        public static partial void ConnectionLost(ILogger logger, long revision);

        [LoggerMessage(EventId = 1208, Level = LogLevel.Warning, Message = "The configuration store lost its data set (epoch {LostEpoch}, now '{Epoch}'): it holds no application and no model version; keeping the {Applications} applications and {ModelVersions} model versions of the last snapshot until configuration is registered again")]
        public static partial void StoreLostConfiguration(ILogger logger, string lostEpoch, string epoch, int applications, int modelVersions);

        [LoggerMessage(EventId = 1209, Level = LogLevel.Information, Message = "The configuration store holds configuration again (epoch {Epoch}, revision {Revision}); following it instead of the kept snapshot")]
        public static partial void StoreConfigurationAdopted(ILogger logger, string epoch, long revision);

        [LoggerMessage(EventId = 1206, Level = LogLevel.Debug, Message = "Stopped following the configuration store")]
        public static partial void Stopped(ILogger logger);
    }
}
