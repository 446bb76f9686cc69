using Microsoft.Extensions.Logging;

namespace Clipper.ContainerManagers.Local;

internal sealed partial class LocalClusterSupervisor
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Cluster {Cluster} started: queries at {Query}, management at {Management}, Redis at {Redis}")]
        public static partial void ClusterStarted(ILogger logger, string cluster, Uri query, Uri management, string redis);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Stopping {Count} query frontend(s) of a shared port while net.ipv4.tcp_migrate_req is 0: connections still queued on a stopping frontend are reset instead of moving to the others (sysctl -w net.ipv4.tcp_migrate_req=1 avoids it)")]
        public static partial void ConnectionsMayReset(ILogger logger, int count);

        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Cluster {Cluster} stopped")]
        public static partial void ClusterStopped(ILogger logger, string cluster);
    }
}
