using Microsoft.Extensions.Logging;

namespace Clipper.ContainerManagers.Local;

internal sealed partial class LocalClusterSupervisor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Cluster {Cluster} started: queries at {Query}, management at {Management}, Redis at {Redis}")]
        public static partial void ClusterStarted(ILogger logger, string cluster, Uri query, Uri management, string redis);

        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Cluster {Cluster} stopped")]
        public static partial void ClusterStopped(ILogger logger, string cluster);
    }
}
